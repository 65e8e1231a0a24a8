package io.ipstream.topology;

import io.ipstream.common.MetricNames;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/** Per-task counters exposed through Kafka Streams metrics (and so through JMX and Micrometer). */
public final class TaskSensors {
    private TaskSensors() {
    }

    /**
     * A rate-and-total sensor for this task. The task id is part of the entity name because sensors
     * are shared per thread by name: two tasks on one thread must not record into each other.
     */
    public static Sensor counter(ProcessingContext context, String operation) {
        String task = context.taskId().toString();
        return context.metrics().addRateTotalSensor(MetricNames.SCOPE, "task-" + task, operation,
                Sensor.RecordingLevel.INFO, "task-id", task);
    }
}

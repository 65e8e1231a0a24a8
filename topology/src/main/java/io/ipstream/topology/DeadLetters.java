package io.ipstream.topology;

import io.ipstream.common.DeadLetterHeaders;
import io.ipstream.common.DeadLetterValue;
import io.ipstream.common.MetricNames;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Turns a record into a dead letter: reason and source coordinates as headers, the original bytes
 * (cut to a size the dead-letter topic always takes, see {@link DeadLetterValue}), and a count.
 * The key is cut on the way to the sink ({@link IpLogTopology}), as a fixed-key step cannot change it.
 */
final class DeadLetters {
    private final FixedKeyProcessorContext<String, Intake> context;
    private final Sensor sensor;

    DeadLetters(FixedKeyProcessorContext<String, Intake> context) {
        this.context = context;
        this.sensor = TaskSensors.counter(context, MetricNames.DEAD_LETTERS);
    }

    <V> void forward(FixedKeyRecord<String, V> record, byte[] value, String reason) {
        Headers headers = withSource(DeadLetterValue.boundedHeaders(record.headers(), record.key()), context);
        headers.remove(DeadLetterHeaders.REASON);
        headers.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        byte[] kept = DeadLetterValue.bounded(value, headers);
        sensor.record();
        context.forward(record.withValue((Intake) new Intake.Rejected(kept, reason)).withHeaders(headers));
    }

    /**
     * A copy of {@code headers} naming the topic, partition and offset the current record was read
     * from, unless they already name an earlier source (a record re-routed through a repartition topic).
     */
    static Headers withSource(Headers headers, ProcessingContext context) {
        Headers copy = new RecordHeaders(headers.toArray());
        if (copy.lastHeader(DeadLetterHeaders.SOURCE_TOPIC) != null) {
            return copy;
        }
        context.recordMetadata().ifPresent(source -> {
            copy.add(DeadLetterHeaders.SOURCE_TOPIC, source.topic().getBytes(StandardCharsets.UTF_8));
            copy.add(DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()).getBytes(StandardCharsets.UTF_8));
            copy.add(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()).getBytes(StandardCharsets.UTF_8));
        });
        return copy;
    }

    /** Only the source coordinates of {@code headers}, as {@link #withSource} wrote them before a re-routing. */
    static Headers sourceOnly(Headers headers) {
        Headers kept = new RecordHeaders();
        for (String name : new String[] {DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET}) {
            Header header = headers.lastHeader(name);
            if (header != null) {
                kept.add(header);
            }
        }
        return kept;
    }

    void close() {
        context.metrics().removeSensor(sensor);
    }
}

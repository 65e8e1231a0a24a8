package io.ipstream.topology;

import io.ipstream.common.Anomaly;
import io.ipstream.common.IpLog;
import io.ipstream.common.MetricNames;
import io.ipstream.common.Stores;
import io.ipstream.topology.anomaly.SlotAnomalyDetector;
import io.ipstream.topology.anomaly.SlotBaseline;
import io.ipstream.topology.anomaly.SlotKeys;
import java.time.ZoneId;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges each counted record against its IP's hour-of-day baselines (kept in a state store, so they
 * survive restarts and move with the partition) and forwards every anomaly at once. Runs after the
 * dedupe, so a replayed record neither teaches a baseline twice nor raises its anomaly twice.
 */
final class StreamingAnomalyProcessor implements Processor<String, IpLog, String, Anomaly> {
    private final SlotAnomalyDetector detector;
    private final ZoneId zone;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, SlotBaseline> baselines;
    private Sensor found;

    StreamingAnomalyProcessor(TopologyConfig config) {
        this.detector = new SlotAnomalyDetector(config.anomalies());
        this.zone = config.zone();
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.baselines = context.getStateStore(Stores.SLOT_BASELINES);
        this.found = TaskSensors.counter(context, MetricNames.STREAMING_ANOMALIES);
    }

    @Override
    public void process(Record<String, IpLog> record) {
        IpLog log = record.value();
        String key = SlotKeys.of(log.srcIp(), log.timestampMillis(), zone);
        SlotBaseline baseline = baselines.get(key);
        if (baseline == null) {
            baseline = SlotBaseline.empty();
        }
        for (Anomaly anomaly : detector.judge(log, baseline)) {
            found.record();
            context.forward(record.withValue(anomaly));
        }
        baselines.put(key, baseline);
    }

    @Override
    public void close() {
        context.metrics().removeSensor(found);
    }
}

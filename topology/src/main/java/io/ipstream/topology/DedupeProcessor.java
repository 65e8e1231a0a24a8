package io.ipstream.topology;

import io.ipstream.common.Durations;
import io.ipstream.common.EventTimes;
import io.ipstream.common.IpLog;
import io.ipstream.common.MetricNames;
import io.ipstream.common.Stores;
import java.time.Duration;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes each (src_ip, timestamp) identity once. Identities are kept in a window store for the
 * dedupe retention; a record older than that cannot be checked, so it becomes a dead letter
 * instead of risking a double count.
 */
final class DedupeProcessor implements FixedKeyProcessor<String, Intake, Intake> {
    private static final Logger LOG = LoggerFactory.getLogger(DedupeProcessor.class);
    private static final byte[] SEEN = {1};

    private final Duration retention;
    private FixedKeyProcessorContext<String, Intake> context;
    private WindowStore<String, byte[]> seen;
    private DeadLetters deadLetters;
    private Sensor duplicates;
    private Sensor counted;

    DedupeProcessor(TopologyConfig config) {
        this.retention = config.dedupeRetention();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Intake> context) {
        this.context = context;
        this.seen = context.getStateStore(Stores.SEEN_RECORDS);
        this.deadLetters = new DeadLetters(context);
        this.duplicates = TaskSensors.counter(context, MetricNames.DUPLICATES);
        this.counted = TaskSensors.counter(context, MetricNames.COUNTED_RECORDS);
    }

    @Override
    public void process(FixedKeyRecord<String, Intake> record) {
        Intake.Accepted accepted = (Intake.Accepted) record.value();
        IpLog log = accepted.log();
        long timestamp = log.timestampMillis();
        long horizon = context.currentStreamTimeMs() - retention.toMillis();
        if (timestamp <= horizon) {
            deadLetters.forward(record, accepted.original(), "timestamp " + EventTimes.format(timestamp)
                    + " is older than the dedupe retention (" + Durations.format(retention)
                    + " before stream time " + EventTimes.format(context.currentStreamTimeMs())
                    + "), so it cannot be checked for duplicates");
            return;
        }
        if (seen.fetch(record.key(), timestamp) != null) {
            duplicates.record();
            LOG.debug("Duplicate {} at {} ignored", log.srcIp(), log.timestamp());
            return;
        }
        seen.put(record.key(), SEEN, timestamp);
        counted.record();
        context.forward(record);
    }

    @Override
    public void close() {
        deadLetters.close();
        context.metrics().removeSensor(duplicates);
        context.metrics().removeSensor(counted);
    }
}

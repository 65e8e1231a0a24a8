package io.ipstream.topology;

import io.ipstream.common.EventTimes;
import io.ipstream.common.InvalidRecordException;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.Durations;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Validates raw {@code ip-logs} records. Bad ones become dead letters with the original bytes;
 * good ones are marked in place when their key is the canonical source IP and they sit on the
 * partition {@link IpPartitioner} assigns, otherwise they are re-routed before aggregation.
 */
final class ParseProcessor implements FixedKeyProcessor<String, byte[], Intake> {
    private final IpLogCodec codec;
    private final IpPartitioner partitioner;
    private final TopologyConfig config;
    private FixedKeyProcessorContext<String, Intake> context;
    private DeadLetters deadLetters;

    ParseProcessor(IpLogCodec codec, IpPartitioner partitioner, TopologyConfig config) {
        this.codec = codec;
        this.partitioner = partitioner;
        this.config = config;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Intake> context) {
        this.context = context;
        this.deadLetters = new DeadLetters(context);
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        IpLog log;
        try {
            log = codec.parse(record.value());
        } catch (InvalidRecordException e) {
            deadLetters.forward(record, record.value(), e.reason());
            return;
        }
        long latestAllowed = context.currentSystemTimeMs() + config.maxFutureSkew().toMillis();
        if (log.timestampMillis() > latestAllowed) {
            deadLetters.forward(record, record.value(), "timestamp " + EventTimes.format(log.timestampMillis())
                    + " is more than " + Durations.format(config.maxFutureSkew()) + " ahead of the wall clock");
            return;
        }
        context.forward(record.withValue((Intake) new Intake.Accepted(log, isInPlace(record.key(), log))));
    }

    private boolean isInPlace(String key, IpLog log) {
        if (!log.srcIp().equals(key)) {
            return false;
        }
        int partitions = config.inputPartitions();
        return partitions <= 0 || context.recordMetadata()
                .map(source -> source.partition() == partitioner.partition(log.srcIp(), partitions))
                .orElse(true);
    }

    @Override
    public void close() {
        deadLetters.close();
    }
}

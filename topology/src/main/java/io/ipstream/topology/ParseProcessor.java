package io.ipstream.topology;

import io.ipstream.common.Durations;
import io.ipstream.common.EventTimes;
import io.ipstream.common.InvalidRecordException;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitioner;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Validates raw records. Bad ones become dead letters with the original bytes. Good ones from
 * {@code ip-logs} are marked in place when their key is the canonical source IP and they sit on
 * the partition {@link IpPartitioner} assigns; the others are re-routed before aggregation, with
 * their source coordinates in headers so a later dead letter still names where they came from.
 */
final class ParseProcessor implements FixedKeyProcessor<String, byte[], Intake> {
    private final IpLogCodec codec;
    private final IpPartitioner partitioner;
    private final TopologyConfig config;
    private final boolean checkPlacement;
    private FixedKeyProcessorContext<String, Intake> context;
    private DeadLetters deadLetters;

    /** @param checkPlacement false after re-routing, where every record is in place */
    ParseProcessor(IpLogCodec codec, IpPartitioner partitioner, TopologyConfig config, boolean checkPlacement) {
        this.codec = codec;
        this.partitioner = partitioner;
        this.config = config;
        this.checkPlacement = checkPlacement;
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
        // The timestamp extractor is the one judge of event time: it keeps a time too far ahead out of stream time.
        if (record.timestamp() != log.timestampMillis()) {
            deadLetters.forward(record, record.value(), "timestamp " + EventTimes.format(log.timestampMillis())
                    + " is more than " + Durations.format(config.maxFutureSkew()) + " ahead of the wall clock");
            return;
        }
        boolean inPlace = !checkPlacement || isInPlace(record.key(), log);
        // A producer's headers stop here: carried on, they would reach every output and changelog the
        // record updates, and a huge one would make those records too large for the broker.
        // After re-routing only the coordinates in ip-logs travel on, for a dead letter further down.
        Headers kept = checkPlacement ? new RecordHeaders() : DeadLetters.sourceOnly(record.headers());
        FixedKeyRecord<String, Intake> accepted = record.withValue(new Intake.Accepted(log, record.value(), inPlace));
        context.forward(accepted.withHeaders(inPlace && checkPlacement ? kept : DeadLetters.withSource(kept, context)));
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

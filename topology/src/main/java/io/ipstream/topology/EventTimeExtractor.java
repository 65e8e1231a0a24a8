package io.ipstream.topology;

import io.ipstream.common.InvalidRecordException;
import io.ipstream.common.IpLogCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time from the record's {@code timestamp} field. A record whose time cannot be trusted
 * (unparsable, or too far in the future) keeps the partition's current time, so it reaches the
 * validation step and the dead-letter topic without moving stream time and closing windows.
 */
final class EventTimeExtractor implements TimestampExtractor {
    private final IpLogCodec codec;
    private final long maxFutureSkewMillis;

    EventTimeExtractor(IpLogCodec codec, TopologyConfig config) {
        this.codec = codec;
        this.maxFutureSkewMillis = config.maxFutureSkew().toMillis();
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof byte[]) {
            try {
                long eventTime = codec.parse((byte[]) record.value()).timestampMillis();
                if (eventTime <= System.currentTimeMillis() + maxFutureSkewMillis) {
                    return eventTime;
                }
            } catch (InvalidRecordException e) {
                // validation reports it; keep stream time where it is
            }
        }
        return Math.max(partitionTime, 0);
    }
}

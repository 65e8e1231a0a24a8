package io.ipstream.forecasting.ingest;

import io.ipstream.common.Backoff;
import io.ipstream.common.CommittedOffsets;
import io.ipstream.common.EventTimes;
import io.ipstream.common.InvalidRecordException;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Metric;
import io.ipstream.common.Topics;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.SeriesPoint;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code ip-logs} in a consumer group and writes all nine metrics of each record to the
 * time-series store. Offsets are committed only after Redis has acknowledged the batch; a failed
 * write rewinds to the last commit and retries with backoff. Replays are harmless: a point's
 * identity is (IP, metric, timestamp) and the store keeps the last write. Invalid records are
 * counted and skipped (the topology already dead-letters them).
 */
public final class Ingest implements AutoCloseable {
    /** Called after Redis acknowledged a batch and before its offsets are committed. */
    @FunctionalInterface
    public interface StoredListener {
        void stored(int records, int points);
    }

    public static final String DEFAULT_GROUP = "ipstream-forecasting-ingest";
    /** Records per poll, so per Redis batch (nine points each), unless overridden. */
    public static final int MAX_POLL_RECORDS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final TimeSeriesStore store;
    private final IpLogCodec codec;
    private final StoredListener listener;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));
    private long records;
    private long invalid;
    private long failedWrites;

    public Ingest(String bootstrapServers, String groupId, TimeSeriesStore store, IpLogCodec codec, Map<String, Object> overrides,
                  StoredListener listener) {
        this(bootstrapServers, groupId, store, codec, overrides, listener, null);
    }

    /** As above, keeping {@code owned} up to date with the partitions this consumer is assigned. */
    public Ingest(String bootstrapServers, String groupId, TimeSeriesStore store, IpLogCodec codec, Map<String, Object> overrides,
                  StoredListener listener, OwnedPartitions owned) {
        Map<String, Object> config = CommittedOffsets.consumerConfig(bootstrapServers, groupId, overrides);
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(List.of(Topics.IP_LOGS), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                report();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                report();
            }

            private void report() {
                if (owned != null) {
                    owned.assigned(consumer.assignment().stream().map(TopicPartition::partition).collect(Collectors.toSet()),
                            consumer.partitionsFor(Topics.IP_LOGS).size());
                }
            }
        });
        this.store = store;
        this.codec = codec;
        this.listener = listener;
    }

    /** One poll: writes the batch and commits it; returns how many records it held. */
    public int pollOnce(Duration timeout) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(timeout);
        if (batch.isEmpty()) {
            return 0;
        }
        List<SeriesPoint> points = new ArrayList<>(batch.count() * Metric.ALL.size());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        // Counted once the batch is committed: a batch read again after a failed write must not count twice.
        int invalidInBatch = 0;
        for (ConsumerRecord<String, byte[]> record : batch) {
            next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            try {
                IpLog log = codec.parse(record.value());
                if (log.timestampMillis() > System.currentTimeMillis() + EventTimes.DEFAULT_MAX_FUTURE_SKEW.toMillis()) {
                    // The topology dead-letters these too; one bogus future point would move a series' horizon and its training window.
                    invalidInBatch++;
                    LOG.debug("Skipping a record timestamped {} ahead at {}-{}@{}", log.timestamp(), record.topic(), record.partition(), record.offset());
                    continue;
                }
                for (Metric metric : Metric.ALL) {
                    points.add(new SeriesPoint(new SeriesKey(log.srcIp(), metric), new Point(log.timestampMillis(), log.value(metric))));
                }
            } catch (InvalidRecordException e) {
                invalidInBatch++;
                LOG.debug("Skipping invalid record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.reason());
            }
        }
        try {
            store.add(points);
        } catch (RuntimeException e) {
            failedWrites++;
            CommittedOffsets.rewind(consumer, next.keySet());
            Duration wait = backoff.next();
            LOG.warn("Writing {} points to Redis failed ({}); reading the batch again in {} ms", points.size(), e.getMessage(), wait.toMillis());
            Backoff.sleep(wait);
            return 0;
        }
        backoff.reset();
        listener.stored(batch.count(), points.size());
        consumer.commitSync(next);
        records += batch.count();
        invalid += invalidInBatch;
        return batch.count();
    }

    public long records() {
        return records;
    }

    public long invalid() {
        return invalid;
    }

    /** Batches whose write to the store failed and were read again from the last commit. */
    public long failedWrites() {
        return failedWrites;
    }

    /** The consumer's own metrics, readable from any thread. */
    public Map<MetricName, ? extends org.apache.kafka.common.Metric> metrics() {
        return consumer.metrics();
    }

    /** The consumer's Kafka client metrics in {@code registry}, until the returned binding is closed. */
    public KafkaClientMetrics bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        return metrics;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(10));
    }
}

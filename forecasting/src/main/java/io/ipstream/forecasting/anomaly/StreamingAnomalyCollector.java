package io.ipstream.forecasting.anomaly;

import io.ipstream.common.Anomaly;
import io.ipstream.common.CommittedOffsets;
import io.ipstream.common.Json;
import io.ipstream.common.Topics;
import java.io.IOException;
import java.time.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores what the topology's streaming detector publishes to {@code ip-anomalies} in the
 * {@code anomalies} table, beside the forecast detector's findings, so one query answers for both.
 * Offsets are committed after the insert; a replay inserts nothing twice (the table's key is
 * (src_ip, metric, ts, source)). The forecast detector's own records on the topic are skipped: the
 * service stored them before publishing.
 */
public final class StreamingAnomalyCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingAnomalyCollector.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AnomalyRepository repository;
    private final Clock clock;

    public StreamingAnomalyCollector(String bootstrapServers, String groupId, AnomalyRepository repository, Map<String, Object> overrides,
                                     Clock clock) {
        Map<String, Object> config = CommittedOffsets.consumerConfig(bootstrapServers, groupId, overrides);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(List.of(Topics.IP_ANOMALIES));
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * One poll: stores the batch's streaming anomalies and commits. When PostgreSQL fails, rewinds
     * to the last commit and rethrows, so the caller backs off and the batch is read again.
     *
     * @return how many anomalies were new to the table
     */
    public int pollOnce(Duration timeout) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(timeout);
        if (batch.isEmpty()) {
            return 0;
        }
        List<Anomaly> streaming = new ArrayList<>(batch.count());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            try {
                Anomaly anomaly = Json.MAPPER.readValue(record.value(), Anomaly.class);
                if (!Anomaly.STREAMING.equals(anomaly.source())) {
                    continue;
                }
                if (anomaly.srcIp() == null || anomaly.timestamp() == null || anomaly.metric() == null) {
                    // Stored, it would fail the batch's insert on every retry and block every later anomaly.
                    LOG.warn("Skipping an anomaly without src_ip, timestamp or metric at {}-{}@{}", record.topic(), record.partition(),
                            record.offset());
                    continue;
                }
                streaming.add(anomaly);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Skipping an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
        int stored;
        try {
            stored = repository.saveNew(streaming, clock.instant()).size();
        } catch (RuntimeException e) {
            CommittedOffsets.rewind(consumer, next.keySet());
            throw e;
        }
        consumer.commitSync(next);
        return stored;
    }

    /** The consumer's own metrics, readable from any thread. */
    public Map<MetricName, ? extends Metric> metrics() {
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

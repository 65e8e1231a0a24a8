package io.ipstream.loader;

import io.ipstream.common.DeadLetterHeaders;
import io.ipstream.common.DeadLetterValue;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends validated records to {@code ip-logs} (key = canonical source IP, partitioned by
 * {@link IpPartitioner}) and rejected ones to the dead-letter topic with their reason. Idempotent
 * producer with acks=all: a retry after a lost acknowledgement never writes a record twice.
 */
public final class LogSender implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public LogSender(String bootstrapServers, IpPartitionMap partitionMap, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(producerDefaults());
        config.putAll(overrides);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, IpPartitioner.class.getName());
        config.put(IpPartitioner.MAP_CONFIG, partitionMap);
        // Not overridable: without them a retry could write a record twice or lose it.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The producer settings the loader uses unless the user overrides them. */
    public static Map<String, Object> producerDefaults() {
        return Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                // A dead letter keeps up to 1 MiB of the original value plus its headers: over the default 1 MiB request.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DeadLetterValue.MAX_RECORD_BYTES);
    }

    /**
     * Sends a valid record to ip-logs, or a rejected one to the dead-letter topic with its reason
     * and origin; {@code onAcknowledged} runs once the broker has it.
     */
    public void send(InputRecord record, Runnable onAcknowledged) {
        ProducerRecord<String, byte[]> message;
        if (record.isValid()) {
            message = new ProducerRecord<>(Topics.IP_LOGS, record.log().srcIp(), record.wire());
        } else {
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeadLetterHeaders.REASON, record.rejection().getBytes(StandardCharsets.UTF_8));
            headers.add(DeadLetterHeaders.SOURCE_FILE, record.origin().getBytes(StandardCharsets.UTF_8));
            // The DLQ is not keyed by IP (a rejected record may have none), so no partitioner is involved.
            message = new ProducerRecord<>(Topics.IP_LOGS_DLQ, 0, (String) null, DeadLetterValue.bounded(record.original(), headers), headers);
        }
        producer.send(message, (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            } else {
                onAcknowledged.run();
            }
        });
    }

    /** Waits until every record sent so far is acknowledged; fails if the broker refused any. */
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    /** Fails as soon as a send has failed, so a run stops instead of piling up unacknowledged records. */
    public void throwIfFailed() {
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("the broker did not accept a record: " + error.getMessage(), error);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}

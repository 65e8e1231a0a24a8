package io.ipstream.app.load;

import io.ipstream.common.DeadLetterHeaders;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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
    private final IpLogCodec codec;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public LogSender(String bootstrapServers, IpPartitionMap partitionMap, IpLogCodec codec, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, IpPartitioner.class.getName());
        config.put(IpPartitioner.MAP_CONFIG, partitionMap);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.codec = codec;
    }

    /** Sends every record and waits until the broker acknowledged all of them. */
    public LoadReport send(List<SourceRecord> records) {
        LoadReport report = new LoadReport();
        for (SourceRecord record : records) {
            if (record.isValid()) {
                producer.send(new ProducerRecord<>(Topics.IP_LOGS, record.log().srcIp(), codec.toJson(record.log())), this::onAck);
                report.sent();
            } else {
                RecordHeaders headers = new RecordHeaders();
                headers.add(DeadLetterHeaders.REASON, record.rejection().getBytes(StandardCharsets.UTF_8));
                headers.add(DeadLetterHeaders.SOURCE_FILE, record.origin().getBytes(StandardCharsets.UTF_8));
                // The DLQ is not keyed by IP: a rejected record may have none, so send it without a key.
                producer.send(new ProducerRecord<String, byte[]>(Topics.IP_LOGS_DLQ, 0, (String) null, record.original(), headers), this::onAck);
                report.rejected(record);
            }
        }
        producer.flush();
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("the broker did not accept every record: " + error.getMessage(), error);
        }
        return report;
    }

    private void onAck(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            failure.compareAndSet(null, exception);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}

package io.ipstream.forecasting.anomaly;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ipstream.common.Anomaly;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.Json;
import io.ipstream.common.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes anomalies to {@code ip-anomalies}, keyed and partitioned by source IP like every other
 * topic; idempotent producer, acks=all. Returns only once the broker has acknowledged them.
 */
public final class AnomalyPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    /** {@code overrides}: client properties such as TLS or SASL settings, shared with the ingest consumer. */
    public AnomalyPublisher(String bootstrapServers, IpPartitionMap partitionMap, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.keySet().removeIf(key -> key.startsWith("group.") || key.startsWith("auto.") || key.startsWith("isolation.")
                || key.startsWith("max.poll.") || key.startsWith("enable.auto."));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, IpPartitioner.class.getName());
        config.put(IpPartitioner.MAP_CONFIG, partitionMap);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public void publish(List<Anomaly> anomalies) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(anomalies.size());
        for (Anomaly anomaly : anomalies) {
            sent.add(producer.send(new ProducerRecord<>(Topics.IP_ANOMALIES, anomaly.srcIp(), json(anomaly))));
        }
        for (Future<RecordMetadata> acknowledgement : sent) {
            try {
                acknowledgement.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("publishing anomalies to " + Topics.IP_ANOMALIES + " failed: " + e.getCause().getMessage(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing anomalies", e);
            }
        }
    }

    private static byte[] json(Anomaly anomaly) {
        try {
            return Json.MAPPER.writeValueAsBytes(anomaly);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an anomaly cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

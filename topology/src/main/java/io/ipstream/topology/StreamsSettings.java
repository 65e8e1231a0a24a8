package io.ipstream.topology;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one factory for the Kafka Streams properties: user overrides (a properties file) first,
 * then the project's defaults where the user set nothing.
 */
public record StreamsSettings(String bootstrapServers, String applicationId, Path stateDir,
                              String processingGuarantee, Properties overrides) {

    public static final String DEFAULT_APPLICATION_ID = "ipstream";

    public Properties toProperties() {
        Properties props = new Properties();
        props.putAll(overrides);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Exactly-once: a crash or rebalance never counts a record twice nor publishes a partial update.
        props.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        // Under EOS each commit ends a transaction; 100 ms keeps output latency low (the EOS default, stated).
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        // Compressed changelogs and outputs: the JSON statistics compress several-fold.
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        return props;
    }
}

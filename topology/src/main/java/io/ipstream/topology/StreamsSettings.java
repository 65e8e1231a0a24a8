package io.ipstream.topology;

import io.ipstream.common.DeadLetterValue;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one factory for the Kafka Streams properties: user overrides (a properties file) first,
 * then the project's defaults where the user set nothing.
 *
 * @param applicationServer this instance's advertised {@code host:port} for interactive queries, or null
 * @param standbyReplicas   warm copies of each store on other instances, for fast failover
 */
public record StreamsSettings(String bootstrapServers, String applicationId, Path stateDir,
                              String processingGuarantee, Properties overrides, String applicationServer,
                              int standbyReplicas) {

    public static final String DEFAULT_APPLICATION_ID = "ipstream";
    public static final String EXACTLY_ONCE = StreamsConfig.EXACTLY_ONCE_V2;

    /** Exactly-once, no overrides, one standby, no query endpoint. */
    public static StreamsSettings of(String bootstrapServers, String applicationId, Path stateDir) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, EXACTLY_ONCE, new Properties(), null, 1);
    }

    public StreamsSettings withOverrides(Properties newOverrides) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, processingGuarantee, newOverrides, applicationServer, standbyReplicas);
    }

    public StreamsSettings withGuarantee(String guarantee) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, guarantee, overrides, applicationServer, standbyReplicas);
    }

    public StreamsSettings withQueries(String advertisedHostPort, int standbys) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, processingGuarantee, overrides, advertisedHostPort, standbys);
    }

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
        // A dead letter keeps up to 1 MiB of the original value plus key and headers: over the default 1 MiB request.
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(DeadLetterValue.MAX_RECORD_BYTES));
        // With one standby a failed instance's stores are already warm elsewhere; alone, none is placed.
        props.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbyReplicas));
        if (applicationServer != null) {
            // Published in the group's metadata, so any instance can tell where a key's state lives.
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        return props;
    }
}

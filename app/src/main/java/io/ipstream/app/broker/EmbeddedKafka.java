package io.ipstream.app.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import io.ipstream.app.FreePorts;
import io.ipstream.common.ConfigError;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) on 127.0.0.1, from the
 * Apache Kafka jars: the local broker of {@code ipstream kafka} and {@code ipstream demo}, and the
 * broker of the integration tests. Data survives restarts on the same data directory.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";

    private final KafkaRaftServer server;
    private final int port;
    private final Path dataDir;

    private EmbeddedKafka(KafkaRaftServer server, int port, Path dataDir) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Formats {@code dataDir} on first use and starts the broker; returns when it serves clients.
     *
     * @param port the client port, or 0 for a free one
     */
    public static EmbeddedKafka start(int port, Path dataDir) {
        return start(port, dataDir, Map.of());
    }

    /** As {@link #start(int, Path)}, with broker properties set or replaced (tests shorten retention checks). */
    public static EmbeddedKafka start(int port, Path dataDir, Map<String, String> overrides) {
        int[] free = FreePorts.pick(HOST, 2);
        int clientPort = port == 0 ? free[0] : requireFree(port);
        int controllerPort = port == free[1] ? free[0] : free[1];
        Properties props = brokerProperties(clientPort, controllerPort, dataDir);
        props.putAll(overrides);
        formatOnce(props, dataDir);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LOG.debug("Kafka broker serving on {}:{} with data in {}", HOST, clientPort, dataDir);
        return new EmbeddedKafka(server, clientPort, dataDir);
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties brokerProperties(int clientPort, int controllerPort, Path dataDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("logs").toString());
        // One node: internal topics cannot have more replicas, or groups and transactions hang.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions: a local broker starts and elects leaders faster.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Topics come from topics.yaml; a typo must not silently create a new topic.
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    private static void formatOnce(Properties props, Path dataDir) {
        Path logs = dataDir.resolve("logs");
        if (Files.exists(logs.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "ipstream embedded broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit = StorageTool.execute(new String[] {"format", "-c", config.toString(), "-t", Uuid.randomUuid().toString()},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (exit != 0) {
                throw new IllegalStateException("formatting Kafka storage in " + logs + " failed: " + output.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's data directory " + dataDir, e);
        }
    }

    private static int requireFree(int port) {
        if (!FreePorts.isFree(HOST, port)) {
            throw new PortInUseException(port);
        }
        return port;
    }

    /** The requested client port is taken. */
    public static final class PortInUseException extends ConfigError {
        public PortInUseException(int port) {
            super("port " + port + " on " + HOST + " is in use; choose another with --port (or --kafka-port)");
        }
    }
}

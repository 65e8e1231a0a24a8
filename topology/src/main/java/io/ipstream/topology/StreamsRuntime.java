package io.ipstream.topology;

import io.ipstream.common.ConfigError;
import io.ipstream.common.KafkaConnectionWatch;
import io.ipstream.common.TopicBootstrap;
import io.ipstream.common.Topics;
import io.ipstream.common.TopicsConfig;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the topology: creates missing topics, checks that the partition map fits them, builds
 * the topology for the actual partition count, and owns the {@link KafkaStreams} lifecycle.
 */
public final class StreamsRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRuntime.class);
    /** Topics keyed by source IP: they must agree on partitions so an IP keeps one partition number. */
    private static final List<String> KEYED_TOPICS =
            List.of(Topics.IP_LOGS, Topics.IP_AVERAGES, Topics.IP_WINDOW_AVERAGES, Topics.IP_ANOMALIES);

    private final KafkaStreams streams;
    private final KafkaConnectionWatch connectionWatch;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StreamsRuntime(KafkaStreams streams, KafkaConnectionWatch connectionWatch) {
        this.streams = streams;
        this.connectionWatch = connectionWatch;
    }

    /** Prepares the topics and starts the topology; returns once it has started (not yet RUNNING). */
    public static StreamsRuntime start(StreamsSettings settings, TopicsConfig topics, TopologyConfig topology) {
        int partitions = prepareTopics(settings, topics, topology);
        TopologyConfig effective = topology.withPartitioning(topology.partitionMap(), partitions);
        KafkaStreams streams = new KafkaStreams(IpLogTopology.build(effective), settings.toProperties());
        StreamsRuntime runtime = new StreamsRuntime(streams, KafkaConnectionWatch.start("topology", settings.bootstrapServers(), streams::metrics));
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Streams state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                runtime.stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(new StreamThreadFailures());
        LOG.info("Starting topology {} on {} ({} partitions, {}, windows {})", settings.applicationId(),
                settings.bootstrapServers(), partitions, settings.processingGuarantee(), effective.windows());
        streams.start();
        return runtime;
    }

    private static int prepareTopics(StreamsSettings settings, TopicsConfig topics, TopologyConfig topology) {
        Map<String, Object> clientConfig = new HashMap<>();
        settings.overrides().forEach((key, value) -> clientConfig.put(key.toString(), value));
        try (Admin admin = TopicBootstrap.connect(settings.bootstrapServers(), clientConfig)) {
            Map<String, Integer> counts = TopicBootstrap.ensure(admin, topics, settings.bootstrapServers());
            int partitions = counts.get(Topics.IP_LOGS);
            for (String topic : KEYED_TOPICS) {
                if (counts.get(topic) != partitions) {
                    throw new ConfigError("topic " + topic + " has " + counts.get(topic) + " partitions but " + Topics.IP_LOGS
                            + " has " + partitions + "; topics keyed by source IP must have the same partition count");
                }
            }
            topology.partitionMap().requireFits(Topics.IP_LOGS, partitions);
            return partitions;
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Waits until the instance is RUNNING; false on timeout or when it stopped instead. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return false;
    }

    /** Blocks until the instance stops (after {@link #close} or a fatal error). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public boolean failed() {
        return streams.state() == KafkaStreams.State.ERROR;
    }

    @Override
    public void close() {
        LOG.info("Stopping topology");
        // Leaving the group hands this instance's partitions to the others now, not after the session timeout.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        connectionWatch.close();
    }
}

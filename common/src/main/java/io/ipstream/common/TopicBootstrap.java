package io.ipstream.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the broker match {@code topics.yaml}: creates missing topics, leaves existing ones alone,
 * and refuses to start when an existing topic has fewer partitions than configured (its IPs would
 * land on other partitions than the map says). The one change made to an existing topic is to
 * raise a {@code max.message.bytes} below the configured one: a dead letter the topic refuses
 * would stop the producer that writes it, and raising a size limit cannot break a reader.
 */
public final class TopicBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private TopicBootstrap() {
    }

    /**
     * An admin client for topic bootstrap whose calls give up with this class's timeout, so an
     * unreachable cluster is reported in seconds rather than after the client's default minute.
     */
    public static Admin connect(String bootstrapServers, Map<String, ?> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return Admin.create(config);
    }

    /**
     * Ensures every configured topic exists; returns each topic's actual partition count.
     *
     * @param bootstrapServers named in the message when the cluster does not answer
     */
    public static Map<String, Integer> ensure(Admin admin, TopicsConfig config, String bootstrapServers) {
        Map<String, Integer> actual = describe(admin, config.topics().stream().map(TopicsConfig.TopicSpec::name).toList(), bootstrapServers);
        for (TopicsConfig.TopicSpec topic : config.topics()) {
            Integer existing = actual.get(topic.name());
            if (existing == null) {
                create(admin, topic, bootstrapServers);
                actual.put(topic.name(), topic.partitions());
            } else if (existing < topic.partitions()) {
                throw new ConfigError("topic " + topic.name() + " has " + existing + " partitions but topics.yaml asks for "
                        + topic.partitions() + "; add partitions with kafka-topics.sh --alter, or lower the number in topics.yaml");
            } else {
                LOG.debug("Topic {} exists with {} partitions", topic.name(), existing);
                raiseMessageLimit(admin, topic, bootstrapServers);
            }
        }
        return actual;
    }

    private static void raiseMessageLimit(Admin admin, TopicsConfig.TopicSpec topic, String bootstrapServers) {
        String wanted = topic.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (wanted == null) {
            return;
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        try {
            ConfigEntry current = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (current != null && Long.parseLong(current.value()) >= Long.parseLong(wanted)) {
                return;
            }
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, wanted), AlterConfigOp.OpType.SET))))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Raised {} of existing topic {} from {} to {} as topics.yaml asks", TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    topic.name(), current == null ? "the broker default" : current.value(), wanted);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(bootstrapServers, e.getCause());
            }
            throw new ConfigError("topic " + topic.name() + " accepts smaller records than topics.yaml asks (" + TopicConfig.MAX_MESSAGE_BYTES_CONFIG
                    + " " + wanted + ") and raising it failed: " + e.getCause().getMessage() + "; raise it with kafka-configs.sh --alter --entity-type topics --entity-name "
                    + topic.name() + " --add-config " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + "=" + wanted, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the configs of topic " + topic.name(), e);
        }
    }

    private static void create(Admin admin, TopicsConfig.TopicSpec topic, String bootstrapServers) {
        NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), topic.replication()).configs(topic.configs());
        try {
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic {} ({} partitions, replication {})", topic.name(), topic.partitions(), topic.replication());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                LOG.debug("Topic {} was created concurrently", topic.name());
                return;
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(bootstrapServers, e.getCause());
            }
            throw new ConfigError("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Not the user's configuration but the cluster: a runtime failure, not a usage error. */
    private static IllegalStateException unreachable(String bootstrapServers, Throwable cause) {
        return new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within " + TIMEOUT.toSeconds()
                + " s; is it running and reachable? (a local one: ipstream kafka)", cause);
    }

    /** Partition counts of the named topics that exist. */
    public static Map<String, Integer> describe(Admin admin, List<String> names, String bootstrapServers) {
        Map<String, Integer> counts = new HashMap<>();
        admin.describeTopics(names).topicNameValues().forEach((name, future) -> {
            try {
                TopicDescription description = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                counts.put(name, description.partitions().size());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                    throw unreachable(bootstrapServers, e.getCause());
                }
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new ConfigError("cannot describe topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw unreachable(bootstrapServers, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing topics", e);
            }
        });
        return counts;
    }
}

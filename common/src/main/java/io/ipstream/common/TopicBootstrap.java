package io.ipstream.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the broker match {@code topics.yaml}: creates missing topics, leaves existing ones alone,
 * and refuses to start when an existing topic has fewer partitions than configured (its IPs would
 * land on other partitions than the map says).
 */
public final class TopicBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicBootstrap() {
    }

    /** Ensures every configured topic exists; returns each topic's actual partition count. */
    public static Map<String, Integer> ensure(Admin admin, TopicsConfig config) {
        Map<String, Integer> actual = describe(admin, config.topics().stream().map(TopicsConfig.TopicSpec::name).toList());
        for (TopicsConfig.TopicSpec topic : config.topics()) {
            Integer existing = actual.get(topic.name());
            if (existing == null) {
                create(admin, topic);
                actual.put(topic.name(), topic.partitions());
            } else if (existing < topic.partitions()) {
                throw new ConfigError("topic " + topic.name() + " has " + existing + " partitions but topics.yaml asks for "
                        + topic.partitions() + "; add partitions with kafka-topics.sh --alter, or lower the number in topics.yaml");
            } else {
                LOG.debug("Topic {} exists with {} partitions", topic.name(), existing);
            }
        }
        return actual;
    }

    private static void create(Admin admin, TopicsConfig.TopicSpec topic) {
        NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), topic.replication()).configs(topic.configs());
        try {
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic {} ({} partitions, replication {})", topic.name(), topic.partitions(), topic.replication());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                LOG.debug("Topic {} was created concurrently", topic.name());
                return;
            }
            throw new ConfigError("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ConfigError("timed out after " + TIMEOUT.toSeconds() + " s creating topic " + topic.name()
                    + "; is the broker reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Partition counts of the named topics that exist. */
    public static Map<String, Integer> describe(Admin admin, List<String> names) {
        Map<String, Integer> counts = new HashMap<>();
        admin.describeTopics(names).topicNameValues().forEach((name, future) -> {
            try {
                TopicDescription description = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                counts.put(name, description.partitions().size());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new ConfigError("cannot describe topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new ConfigError("timed out after " + TIMEOUT.toSeconds() + " s describing topic " + name
                        + "; is the broker reachable?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing topics", e);
            }
        });
        return counts;
    }
}

package io.ipstream.app.cli;

import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.TopicBootstrap;
import io.ipstream.common.Topics;
import io.ipstream.common.TopicsConfig;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** Topic preparation for the producing commands: a bad setup fails at once, not after a send timeout. */
final class KafkaTopics {
    private KafkaTopics() {
    }

    /** Creates missing topics, checks the map against ip-logs, and returns ip-logs' partition count. */
    static int prepare(String bootstrapServers, Map<String, Object> clientConfig, TopicsConfig topics, IpPartitionMap map) {
        try (Admin admin = TopicBootstrap.connect(bootstrapServers, clientConfig)) {
            int partitions = TopicBootstrap.ensure(admin, topics, bootstrapServers).get(Topics.IP_LOGS);
            map.requireFits(Topics.IP_LOGS, partitions);
            return partitions;
        }
    }
}

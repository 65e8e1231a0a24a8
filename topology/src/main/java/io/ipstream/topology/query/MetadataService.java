package io.ipstream.topology.query;

import io.ipstream.common.IpPartitioner;
import io.ipstream.common.Stores;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance holds an IP's state, from Kafka Streams' metadata. The lookup uses the same
 * {@link IpPartitioner} as the data: Kafka's default partitioner would name the wrong partition for
 * every pinned IP, and so the wrong instance.
 */
public final class MetadataService {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final StreamPartitioner<String, Object> partitioner;

    public MetadataService(KafkaStreams streams, HostInfo self, IpPartitioner partitioner) {
        this.streams = streams;
        this.self = self;
        this.partitioner = partitioner;
    }

    /** Where the IP's state lives, or empty while the group rebalances (Kafka Streams' NOT_AVAILABLE). */
    public Optional<KeyQueryMetadata> ownerOf(String canonicalIp) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(Stores.ALL_TIME_STATS, canonicalIp, partitioner);
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
                || metadata.activeHost() == null || metadata.activeHost().port() < 0) {
            return Optional.empty();
        }
        return Optional.of(metadata);
    }

    public HostInfo self() {
        return self;
    }

    public boolean isSelf(HostInfo host) {
        return self.equals(host);
    }

    /** Every instance of the application that the group currently knows, with its partitions. */
    public List<InstanceInfo> instances() {
        Collection<StreamsMetadata> all = streams.metadataForAllStreamsClients();
        return all.stream()
                .map(m -> new InstanceInfo(url(m.hostInfo()), isSelf(m.hostInfo()),
                        partitions(m.topicPartitions()), partitions(m.standbyTopicPartitions())))
                .sorted(java.util.Comparator.comparing(InstanceInfo::url))
                .toList();
    }

    public static String url(HostInfo host) {
        return "http://" + host.host() + ":" + host.port();
    }

    private static List<String> partitions(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).sorted().toList();
    }
}

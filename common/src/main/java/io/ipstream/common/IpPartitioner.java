package io.ipstream.common;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Chooses a record's partition from its source IP (the record key): the pinned partition from
 * {@link IpPartitionMap} (modulo the partition count), else murmur2 of the IP's UTF-8 bytes, the
 * same hash Kafka's default partitioner uses for keyed records. One instance serves producers
 * (as {@link Partitioner}) and Kafka Streams sinks and repartitions (as {@link StreamPartitioner}),
 * so input, state and output of an IP share one partition number.
 */
public final class IpPartitioner implements Partitioner, StreamPartitioner<String, Object> {
    /** Producer config key holding an {@link IpPartitionMap} instance. */
    public static final String MAP_CONFIG = "ipstream.partition.map";
    /** Producer config key holding a path to the map file (used when no instance is given). */
    public static final String MAP_FILE_CONFIG = "ipstream.partition.map.file";

    private IpPartitionMap map;

    /** For Kafka's reflective construction; {@link #configure} supplies the map. */
    public IpPartitioner() {
        this(IpPartitionMap.empty());
    }

    public IpPartitioner(IpPartitionMap map) {
        this.map = map;
    }

    /** The partition of a canonical source IP among {@code partitionCount} partitions. */
    public int partition(String srcIp, int partitionCount) {
        return partition(srcIp, null, partitionCount);
    }

    /** As above; {@code utf8} is the IP already encoded, when the caller has it (the producer does). */
    private int partition(String srcIp, byte[] utf8, int partitionCount) {
        Integer pinned = map.pinned(srcIp);
        if (pinned != null) {
            return pinned % partitionCount;
        }
        byte[] bytes = utf8 != null ? utf8 : srcIp.getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitionCount;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Object value, int partitionCount) {
        return Optional.of(Set.of(partition(requireKey(topic, key), partitionCount)));
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        return partition(requireKey(topic, key), keyBytes, cluster.partitionCountForTopic(topic));
    }

    private static String requireKey(String topic, Object key) {
        if (key == null) {
            throw new IllegalArgumentException("records for " + topic + " need the source IP as key");
        }
        return key.toString();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object instance = configs.get(MAP_CONFIG);
        if (instance instanceof IpPartitionMap) {
            map = (IpPartitionMap) instance;
            return;
        }
        Object file = configs.get(MAP_FILE_CONFIG);
        map = IpPartitionMap.load(file == null ? null : Path.of(file.toString()));
    }

    @Override
    public void close() {
    }
}

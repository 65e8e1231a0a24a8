package io.ipstream.common;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpPartitionerTest {
    private static final String TOPIC = Topics.IP_LOGS;
    private static final IpPartitionMap OLD_SYSTEM_MAP = new IpPartitionMap(
            Map.of("46.39.79.251", 0, "229.46.205.74", 1, "187.44.158.33", 2));

    /** IPs no map pins: 10.0.x.y and 2001:db8::x. */
    private static List<String> generatedIps() {
        return Stream.concat(
                IntStream.range(0, 512).mapToObj(i -> "10.0." + (i / 256) + "." + (i % 256)),
                IntStream.range(0, 64).mapToObj(i -> "2001:db8::" + Integer.toHexString(i + 1)))
                .toList();
    }

    /** Kafka's default partitioner for a String key (murmur2 of the UTF-8 bytes). */
    private static int kafkaDefault(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % partitions;
    }

    @Test
    void shouldSendAPinnedIpToItsPartition() {
        // given
        IpPartitioner partitioner = new IpPartitioner(OLD_SYSTEM_MAP);

        // when / then
        assertThat(partitioner.partition("46.39.79.251", 3)).isEqualTo(0);
        assertThat(partitioner.partition("229.46.205.74", 3)).isEqualTo(1);
        assertThat(partitioner.partition("187.44.158.33", 3)).isEqualTo(2);
    }

    @Test
    void shouldWrapAPinnedPartitionModuloThePartitionCount() {
        // given
        IpPartitioner partitioner = new IpPartitioner(new IpPartitionMap(Map.of("1.2.3.4", 5)));

        // when / then
        assertThat(partitioner.partition("1.2.3.4", 3)).isEqualTo(2);
        assertThat(partitioner.partition("1.2.3.4", 6)).isEqualTo(5);
        assertThat(partitioner.partition("1.2.3.4", 1)).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 12, 100})
    void shouldHashAnUnknownIpLikeKafkasDefaultPartitioner(int partitions) {
        // given
        IpPartitioner partitioner = new IpPartitioner(OLD_SYSTEM_MAP);

        // when / then
        for (String ip : generatedIps()) {
            assertThat(partitioner.partition(ip, partitions)).as(ip).isEqualTo(kafkaDefault(ip, partitions));
        }
    }

    @Test
    void shouldSpreadUnknownIpsOverEveryPartition() {
        // given
        IpPartitioner partitioner = new IpPartitioner();

        // when
        Set<Integer> used = new java.util.HashSet<>();
        generatedIps().forEach(ip -> used.add(partitioner.partition(ip, 3)));

        // then
        assertThat(used).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void shouldChooseTheSamePartitionForAnIpAcrossCallsAndInstances() {
        // given
        IpPartitioner first = new IpPartitioner(OLD_SYSTEM_MAP);
        IpPartitioner second = new IpPartitioner(OLD_SYSTEM_MAP);

        // when / then
        for (String ip : generatedIps()) {
            int partition = first.partition(ip, 7);
            assertThat(first.partition(ip, 7)).isEqualTo(partition);
            assertThat(second.partition(ip, 7)).isEqualTo(partition);
        }
    }

    @Test
    void shouldAgreeAsStreamPartitionerAndAsProducerPartitioner() {
        // given
        IpPartitioner partitioner = new IpPartitioner(OLD_SYSTEM_MAP);
        Cluster cluster = clusterWithTopic(TOPIC, 3);
        List<String> ips = Stream.concat(OLD_SYSTEM_MAP.asMap().keySet().stream(), generatedIps().stream()).toList();

        // when / then
        for (String ip : ips) {
            int producerChoice = partitioner.partition(TOPIC, ip, ip.getBytes(UTF_8), "value", new byte[0], cluster);
            Optional<Set<Integer>> streamsChoice = partitioner.partitions(TOPIC, ip, "value", 3);
            assertThat(streamsChoice).as(ip).contains(Set.of(producerChoice));
            assertThat(producerChoice).as(ip).isEqualTo(partitioner.partition(ip, 3));
        }
    }

    @Test
    void shouldRefuseARecordWithoutKeyNamingTheTopic() {
        // given
        IpPartitioner partitioner = new IpPartitioner(OLD_SYSTEM_MAP);
        Cluster cluster = clusterWithTopic(TOPIC, 3);

        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> partitioner.partition(TOPIC, null, null, "value", new byte[0], cluster))
                .withMessageContaining(TOPIC);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> partitioner.partitions(TOPIC, null, "value", 3))
                .withMessageContaining(TOPIC);
    }

    @Test
    void shouldTakeAMapInstanceFromTheConfig() {
        // given
        IpPartitioner partitioner = new IpPartitioner();
        IpPartitionMap map = new IpPartitionMap(Map.of("10.0.0.7", 2, "10.0.0.8", 0));

        // when
        partitioner.configure(Map.of(IpPartitioner.MAP_CONFIG, map, IpPartitioner.MAP_FILE_CONFIG, "/does/not/exist.csv"));

        // then
        assertThat(partitioner.partition("10.0.0.7", 3)).isEqualTo(2);
        assertThat(partitioner.partition("10.0.0.8", 3)).isEqualTo(0);
    }

    @Test
    void shouldLoadTheMapFileNamedInTheConfig(@TempDir Path dir) throws Exception {
        // given: a pin that differs from the hash
        String ip = "10.0.0.7";
        int pinned = (kafkaDefault(ip, 3) + 1) % 3;
        Path file = Files.writeString(dir.resolve("map.csv"), "src_ip,partition\n" + ip + "," + pinned + "\n");
        IpPartitioner partitioner = new IpPartitioner();

        // when
        partitioner.configure(Map.of(IpPartitioner.MAP_FILE_CONFIG, file.toString()));

        // then
        assertThat(partitioner.partition(ip, 3)).isEqualTo(pinned);
        assertThat(partitioner.partition("46.39.79.251", 3)).isEqualTo(kafkaDefault("46.39.79.251", 3));
    }

    @Test
    void shouldUseThePackagedDefaultMapWhenConfiguredWithoutOne() {
        // given
        IpPartitioner partitioner = new IpPartitioner();

        // when
        partitioner.configure(Map.of());

        // then
        assertThat(partitioner.partition("46.39.79.251", 3)).isEqualTo(0);
        assertThat(partitioner.partition("229.46.205.74", 3)).isEqualTo(1);
        assertThat(partitioner.partition("187.44.158.33", 3)).isEqualTo(2);
    }

    private static Cluster clusterWithTopic(String topic, int partitions) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}))
                .toList();
        return new Cluster("test-cluster", List.of(node), infos, Set.of(), Set.of());
    }
}

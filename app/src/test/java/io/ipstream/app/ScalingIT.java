package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.Topics;
import io.ipstream.topology.query.InstanceInfo;
import io.ipstream.topology.query.QueryService;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two, then three streams instances in separate JVMs answer every IP's statistics identically and
 * exactly from any instance; one is killed (SIGKILL) mid-stream and the survivors take over with
 * exact answers; a new one joins and the answers stay exact.
 */
class ScalingIT {
    private static final String APPLICATION_ID = "ipstream-scaling-it";
    private static final int IPS = 300;

    @TempDir
    static Path work;

    private static EmbeddedKafka broker;
    private static Path map;
    private static Path streamsConfig;
    private static Path firstHalf;
    private static Path secondHalf;
    private final List<StreamsProcess> started = new ArrayList<>();

    @BeforeAll
    static void generateInput() throws Exception {
        broker = EmbeddedKafka.start(0, work.resolve("kafka"));
        map = Files.copy(Path.of("..", "ip-partition-map.csv"), work.resolve("map.csv"));
        Path generated = work.resolve("generated.jsonl");
        cli("generate", "--ips", Integer.toString(IPS), "--days", "7", "--seed", "42", "--template", SeedCsv.LOGS_CSV.toString(),
                "--partition-map", map.toString(), "--partitions", "3", "--out-file", generated.toString());
        List<String> lines = Files.readAllLines(generated);
        firstHalf = Files.write(work.resolve("first.jsonl"), lines.subList(0, lines.size() / 2));
        secondHalf = Files.write(work.resolve("second.jsonl"), lines.subList(lines.size() / 2, lines.size()));
        streamsConfig = StreamsProcess.fastFailoverConfig(work.resolve("streams.properties"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldAnswerExactlyFromEveryInstanceAsInstancesJoinAndFail() throws Exception {
        // given: half the data, and two instances
        load(firstHalf);
        StreamsProcess a = start("a");
        StreamsProcess b = start("b");
        awaitProcessed();

        // then: every IP's stats is identical from each instance and exact, served by its owner
        ExactStats.awaitServed(expected(firstHalf), List.of(a, b));
        assertServedByOwner(a, List.of(a, b));

        // when: a third instance joins
        StreamsProcess c = start("c");
        await().atMost(Duration.ofMinutes(2)).until(() -> a.instances().size() == 3);

        // then: (a newcomer first warms up standby copies; it answers by forwarding until it owns partitions)
        ExactStats.awaitServed(expected(firstHalf), List.of(a, b, c));
        assertServedByOwner(c, List.of(a, b, c));

        // when: the second half arrives and one instance is killed while it is being processed
        load(secondHalf);
        b.kill();

        // then: within a bounded time the survivors answer exactly for the whole input
        Map<String, ExactStats.InputStats> everything = expected(firstHalf, secondHalf);
        ExactStats.awaitServed(everything, List.of(a, c));

        // when: a new instance joins
        StreamsProcess d = start("d");
        await().atMost(Duration.ofMinutes(2)).until(() -> a.instances().size() == 3);

        // then
        ExactStats.awaitServed(everything, List.of(a, c, d));
        for (StreamsProcess instance : started) {
            instance.close();
        }
    }

    @Test
    void shouldRouteWithTheIpPartitionerWhereKafkasDefaultWouldPickAnotherPartition() {
        // given: the generated IPs are pinned evenly, mostly not where murmur2 alone would put them
        IpPartitionMap pins = IpPartitionMap.load(map);
        IpPartitioner partitioner = new IpPartitioner(pins);

        // when
        long differing = pins.asMap().keySet().stream()
                .filter(ip -> partitioner.partition(ip, 3) != Utils.toPositive(Utils.murmur2(ip.getBytes(StandardCharsets.UTF_8))) % 3)
                .count();

        // then: a lookup with the default partitioner would name the wrong instance for these
        assertThat(differing).isGreaterThan(pins.asMap().size() / 3);
    }

    private StreamsProcess start(String name) throws Exception {
        int port = FreePorts.pick("127.0.0.1", 1)[0];
        StreamsProcess process = StreamsProcess.start(broker.bootstrapServers(), APPLICATION_ID, work.resolve("state-" + name), port,
                work.resolve(name + ".log"), "--partition-map", map.toString(), "--streams-config", streamsConfig.toString());
        started.add(process);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> process.status("/health/ready") == 200);
        return process;
    }

    /** Every answer carries the owner's URL: the instance whose active partitions hold the IP's partition. */
    private static void assertServedByOwner(StreamsProcess asked, List<StreamsProcess> instances) {
        Map<String, String> ownerOfPartition = new HashMap<>();
        for (InstanceInfo instance : asked.instances()) {
            instance.activePartitions().stream().filter(p -> p.startsWith(Topics.IP_LOGS + "-"))
                    .forEach(p -> ownerOfPartition.put(p, instance.url()));
        }
        IpPartitioner partitioner = new IpPartitioner(IpPartitionMap.load(map));
        for (String ip : IpPartitionMap.load(map).asMap().keySet()) {
            if (ip.startsWith("46.39") || ip.startsWith("229.46") || ip.startsWith("187.44")) {
                continue;
            }
            HttpResponse<String> response = asked.get("/api/ips/" + ip + "/stats");
            String owner = ownerOfPartition.get(Topics.IP_LOGS + "-" + partitioner.partition(ip, 3));
            assertThat(response.headers().firstValue(QueryService.SERVED_BY_HEADER)).as(ip).contains(owner);
        }
        assertThat(instances).extracting(StreamsProcess::url).containsAll(ownerOfPartition.values());
    }

    /** Statistics per IP straight from the input files, over all the generated IPs. */
    private static Map<String, ExactStats.InputStats> expected(Path... inputs) {
        Map<String, ExactStats.InputStats> stats = ExactStats.fromFiles(inputs);
        assertThat(stats).hasSize(IPS);
        return stats;
    }

    private static void load(Path file) {
        cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--file", file.toString(), "--partition-map", map.toString());
    }

    private static void awaitProcessed() throws Exception {
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
    }

    private static void cli(String... args) {
        Pipelines.cli(args);
    }
}

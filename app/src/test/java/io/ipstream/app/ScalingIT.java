package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.IpStats;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.common.Topics;
import io.ipstream.topology.query.InstanceInfo;
import io.ipstream.topology.query.QueryService;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private static List<String> firstHalf;
    private static List<String> secondHalf;
    private final List<StreamsProcess> started = new ArrayList<>();

    @BeforeAll
    static void generateInput() throws Exception {
        broker = EmbeddedKafka.start(0, work.resolve("kafka"));
        map = Files.copy(Path.of("..", "ip-partition-map.csv"), work.resolve("map.csv"));
        Path generated = work.resolve("generated.jsonl");
        cli("generate", "--ips", Integer.toString(IPS), "--days", "7", "--seed", "42", "--template", SeedCsv.LOGS_CSV.toString(),
                "--partition-map", map.toString(), "--partitions", "3", "--out-file", generated.toString());
        List<String> lines = Files.readAllLines(generated);
        firstHalf = lines.subList(0, lines.size() / 2);
        secondHalf = lines.subList(lines.size() / 2, lines.size());
        // Failover in seconds rather than the 45 s default session timeout.
        streamsConfig = Files.writeString(work.resolve("streams.properties"), "session.timeout.ms=8000\nheartbeat.interval.ms=1000\n");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldAnswerExactlyFromEveryInstanceAsInstancesJoinAndFail() throws Exception {
        // given: half the data, and two instances
        load(firstHalf, "first.jsonl");
        StreamsProcess a = start("a");
        StreamsProcess b = start("b");
        awaitProcessed();

        // then: every IP's stats is identical from each instance and exact, served by its owner
        awaitExact(expected(firstHalf), List.of(a, b));
        assertServedByOwner(a, List.of(a, b));

        // when: a third instance joins
        StreamsProcess c = start("c");
        await().atMost(Duration.ofMinutes(2)).until(() -> instanceCount(a) == 3);

        // then: (a newcomer first warms up standby copies; it answers by forwarding until it owns partitions)
        awaitExact(expected(firstHalf), List.of(a, b, c));
        assertServedByOwner(c, List.of(a, b, c));

        // when: the second half arrives and one instance is killed while it is being processed
        load(secondHalf, "second.jsonl");
        b.kill();

        // then: within a bounded time the survivors answer exactly for the whole input
        List<String> all = new ArrayList<>(firstHalf);
        all.addAll(secondHalf);
        Map<String, IpStats> everything = expected(all);
        awaitExact(everything, List.of(a, c));

        // when: a new instance joins
        StreamsProcess d = start("d");
        await().atMost(Duration.ofMinutes(2)).until(() -> instanceCount(a) == 3);

        // then
        awaitExact(everything, List.of(a, c, d));
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

    /** How many instances the group's metadata lists, as one instance sees it. */
    private static int instanceCount(StreamsProcess any) {
        HttpResponse<String> response = any.get("/api/instances");
        if (response == null || response.statusCode() != 200) {
            return -1;
        }
        return read(response.body(), new TypeReference<List<InstanceInfo>>() { }).size();
    }

    /** Waits (bounded) until every IP's stats from every instance equals the expected; 503s on the way are allowed. */
    private static void awaitExact(Map<String, IpStats> expected, List<StreamsProcess> instances) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (StreamsProcess instance : instances) {
                for (Map.Entry<String, IpStats> ip : expected.entrySet()) {
                    HttpResponse<String> response = instance.get("/api/ips/" + ip.getKey() + "/stats");
                    assertThat(response).as(instance.url()).isNotNull();
                    assertThat(response.statusCode()).as(instance.url() + " " + ip.getKey() + ": " + response.body()).isEqualTo(200);
                    IpStats actual = read(response.body(), new TypeReference<IpStats>() { });
                    assertThat(actual.count()).as(ip.getKey()).isEqualTo(ip.getValue().count());
                    for (Metric metric : Metric.ALL) {
                        assertThat(actual.metric(metric).sum()).as(ip.getKey() + " " + metric).isEqualTo(ip.getValue().metric(metric).sum());
                        assertThat(actual.mean(metric)).as(ip.getKey() + " " + metric).isEqualTo(ip.getValue().mean(metric));
                    }
                }
            }
        });
    }

    /** Every answer carries the owner's URL: the instance whose active partitions hold the IP's partition. */
    private static void assertServedByOwner(StreamsProcess asked, List<StreamsProcess> instances) {
        Map<String, String> ownerOfPartition = new HashMap<>();
        for (InstanceInfo instance : read(asked.get("/api/instances").body(), new TypeReference<List<InstanceInfo>>() { })) {
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

    /** Count and sums per IP straight from the input lines. */
    private static Map<String, IpStats> expected(List<String> lines) throws Exception {
        IpLogCodec codec = new IpLogCodec(ZoneOffset.UTC);
        Map<String, IpStats> stats = new TreeMap<>();
        for (String line : lines) {
            IpLog log = codec.parse(line.getBytes(StandardCharsets.UTF_8));
            stats.merge(log.srcIp(), IpStats.EMPTY.plus(log), (previous, one) -> previous.plus(log));
        }
        assertThat(stats).hasSize(IPS);
        stats.values().forEach(s -> assertThat(s.metric(Metric.BYTESIN).sum()).isGreaterThanOrEqualTo(BigInteger.ZERO));
        return stats;
    }

    private static void load(List<String> lines, String name) throws Exception {
        Path file = Files.write(work.resolve(name), lines);
        cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--file", file.toString(), "--partition-map", map.toString());
    }

    private static void awaitProcessed() throws Exception {
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
    }

    private static void cli(String... args) {
        Pipelines.cli(args);
    }

    private static <T> T read(String body, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}

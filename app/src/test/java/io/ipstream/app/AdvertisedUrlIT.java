package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.IpStats;
import io.ipstream.common.Json;
import io.ipstream.common.Topics;
import io.ipstream.topology.query.InstanceInfo;
import io.ipstream.topology.query.QueryService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance advertised under another address than the one it listens on (as behind a NAT or a
 * proxy): the group lists the advertised URL, and the other instances forward to it, not to the
 * listening address. Here the advertised address is a proxy that the test can cut.
 */
class AdvertisedUrlIT {
    private static final String APPLICATION_ID = "ipstream-advertised-url-it";

    @TempDir
    Path work;

    private EmbeddedKafka broker;
    private CuttableProxy proxy;
    private StreamsProcess advertisedElsewhere;
    private StreamsProcess plain;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (AutoCloseable running : new AutoCloseable[] {advertisedElsewhere, plain, proxy, broker}) {
            if (running != null) {
                close(running);
            }
        }
    }

    @Test
    void shouldListTheAdvertisedUrlAndForwardToItNotToTheListeningAddress() throws Exception {
        // given: the seed, an instance listening on 127.0.0.1:P advertised as http://localhost:Q (a proxy to P), and a plain one
        broker = EmbeddedKafka.start(0, work.resolve("kafka"));
        Path map = Files.copy(Path.of("..", "ip-partition-map.csv"), work.resolve("map.csv"));
        Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--csv", SeedCsv.LOGS_CSV.toString(),
                "--partition-map", map.toString());
        int[] ports = FreePorts.pick("127.0.0.1", 2);
        proxy = CuttableProxy.start("127.0.0.1", ports[0]);
        String advertisedUrl = "http://localhost:" + proxy.port();
        advertisedElsewhere = start("a", ports[0], map, "--http-host", "127.0.0.1", "--advertised-url", advertisedUrl);
        plain = start("b", ports[1], map);
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);

        // when: each instance lists the group, once both are in it with partitions of their own
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> bothOwnPartitions(plain.instances()));
        List<InstanceInfo> seenByItself = advertisedElsewhere.instances();
        List<InstanceInfo> seenByOther = plain.instances();

        // then: the advertised URL stands for it, in its own listing and in the other's; its listening address nowhere
        assertThat(seenByItself).filteredOn(InstanceInfo::self).extracting(InstanceInfo::url).containsExactly(advertisedUrl);
        assertThat(seenByOther).extracting(InstanceInfo::url).containsExactlyInAnyOrder(advertisedUrl, plain.url())
                .doesNotContain(advertisedElsewhere.url());

        // when: the plain instance is asked for an IP the advertised-elsewhere one owns
        String ip = ipOwnedBy(advertisedUrl, seenByOther);
        HttpResponse<String> forwarded = plain.get("/api/ips/" + ip + "/stats");

        // then: forwarded there, answered with the seed's count, naming the advertised URL
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(forwarded.headers().firstValue(QueryService.SERVED_BY_HEADER)).contains(advertisedUrl);
        assertThat(Json.MAPPER.readValue(forwarded.body(), new TypeReference<IpStats>() { }).count())
                .isEqualTo(SeedCsv.read(SeedCsv.LOGS_CSV).counts().get(ip));

        // when: the advertised address stops carrying traffic while the owner still listens on its own
        proxy.cut();

        // then: the owner answers directly, but forwarding, which goes to the advertised URL, cannot reach it
        assertThat(advertisedElsewhere.status("/api/ips/" + ip + "/stats")).isEqualTo(200);
        HttpResponse<String> unreachable = plain.get("/api/ips/" + ip + "/stats");
        assertThat(unreachable.statusCode()).isEqualTo(503);
        assertThat(unreachable.body()).contains("unreachable");
    }

    private StreamsProcess start(String name, int port, Path map, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--partition-map", map.toString()));
        all.addAll(List.of(args));
        StreamsProcess process = StreamsProcess.start(broker.bootstrapServers(), APPLICATION_ID, work.resolve("state-" + name), port,
                work.resolve(name + ".log"), all.toArray(String[]::new));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> process.status("/health/ready") == 200);
        return process;
    }

    private static boolean bothOwnPartitions(List<InstanceInfo> instances) {
        return instances.size() == 2 && instances.stream().allMatch(instance -> !instance.activePartitions().isEmpty());
    }

    /** A seed IP whose partition (as the data is partitioned) the instance at {@code url} is active for. */
    private static String ipOwnedBy(String url, List<InstanceInfo> instances) {
        IpPartitioner partitioner = new IpPartitioner(IpPartitionMap.load(null));
        List<String> owned = instances.stream().filter(instance -> instance.url().equals(url)).findFirst().orElseThrow().activePartitions();
        return QueryCluster.SEED_IPS.stream()
                .filter(ip -> owned.contains(Topics.IP_LOGS + "-" + partitioner.partition(ip, QueryCluster.PARTITIONS)))
                .findFirst().orElseThrow();
    }

    private static void close(AutoCloseable running) {
        try {
            running.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop " + running, e);
        }
    }
}

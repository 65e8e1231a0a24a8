package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.ipstream.common.ApiToken;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.IpStats;
import io.ipstream.common.Json;
import io.ipstream.common.Stores;
import io.ipstream.common.Topics;
import io.ipstream.topology.query.InstanceInfo;
import io.ipstream.topology.query.IpPage;
import io.ipstream.topology.query.MetadataService;
import io.ipstream.topology.query.QueryService;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of two instances in one JVM over the seed data: forwarding, errors, health, metrics, 503. */
class QueryApiIT {
    private static final String APPLICATION_ID = "ipstream-query-it";
    private static final List<String> SEED_IPS = QueryCluster.SEED_IPS;
    private static final int PARTITIONS = QueryCluster.PARTITIONS;

    @TempDir
    static Path work;

    private static QueryCluster cluster;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        cluster = QueryCluster.start(work, APPLICATION_ID, ApiToken.NONE);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldAnswerTheSameFromBothInstancesNamingTheOwnerThatServedIt() {
        // given: the owner of each partition, as the group's metadata says
        Map<String, String> ownerOfPartition = owners();
        IpPartitioner partitioner = new IpPartitioner(IpPartitionMap.load(null));
        SeedCsv expected = SeedCsv.read(SeedCsv.LOGS_CSV);

        for (String ip : SEED_IPS) {
            // when
            HttpResponse<String> fromFirst = get(0, "/api/ips/" + ip + "/stats");
            HttpResponse<String> fromSecond = get(1, "/api/ips/" + ip + "/stats");

            // then
            String owner = ownerOfPartition.get(Topics.IP_LOGS + "-" + partitioner.partition(ip, PARTITIONS));
            assertThat(fromFirst.statusCode()).isEqualTo(200);
            assertThat(fromFirst.body()).isEqualTo(fromSecond.body());
            assertThat(fromFirst.headers().firstValue(QueryService.SERVED_BY_HEADER)).contains(owner);
            assertThat(fromSecond.headers().firstValue(QueryService.SERVED_BY_HEADER)).contains(owner);
            assertThat(read(fromFirst.body(), new TypeReference<IpStats>() { }).count()).isEqualTo(expected.counts().get(ip));
        }
    }

    @Test
    void shouldListEveryIpAcrossInstancesOnePageAtATime() {
        // when
        IpPage first = read(get(0, "/api/ips?limit=2&offset=0").body(), new TypeReference<IpPage>() { });
        IpPage rest = read(get(1, "/api/ips?limit=2&offset=2").body(), new TypeReference<IpPage>() { });

        // then
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.ips()).hasSize(2);
        assertThat(rest.ips()).hasSize(1);
        assertThat(List.of(first.ips().get(0).srcIp(), first.ips().get(1).srcIp(), rest.ips().get(0).srcIp()))
                .containsExactlyInAnyOrderElementsOf(SEED_IPS).isSorted();
    }

    @Test
    void shouldWalkEveryIpOnceByCursorFromEitherInstance() {
        // given: pages of one IP, each asked of the other instance than the last
        List<String> walked = new ArrayList<>();
        String after = null;
        int pages = 0;

        // when: each page starts after the previous page's next, until there is none
        do {
            IpPage page = read(get(pages % 2, "/api/ips?limit=1" + (after == null ? "" : "&after=" + after)).body(),
                    new TypeReference<IpPage>() { });
            page.ips().forEach(ip -> walked.add(ip.srcIp()));
            after = page.next();
            pages++;
        } while (after != null && pages <= SEED_IPS.size());

        // then: every IP once, in address-text order, and the last page says there is no next
        assertThat(walked).containsExactlyInAnyOrderElementsOf(SEED_IPS).isSorted();
        assertThat(pages).isEqualTo(SEED_IPS.size());
    }

    @Test
    void shouldServeAStandbyCopyOnlyWhenAskedAndSayItIsStale() {
        // given: an IP the second instance does not own
        String ip = SEED_IPS.stream().filter(candidate -> !owners().get(Topics.IP_LOGS + "-"
                + new IpPartitioner(IpPartitionMap.load(null)).partition(candidate, PARTITIONS)).equals(cluster.url(1))).findFirst().orElseThrow();

        long inputCount = SeedCsv.read(SeedCsv.LOGS_CSV).counts().get(ip);

        // when: asked until the standby has caught up (a standby may lag the owner; that is what stale allows)
        HttpResponse<String> stale = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(1, "/api/ips/" + ip + "/stats?allowStale=true"),
                        response -> response.statusCode() == 200 && read(response.body(), new TypeReference<IpStats>() { }).count() == inputCount);

        // then: its standby answers, marked stale, with the input's count
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue(QueryService.STALE_HEADER)).contains("true");
        assertThat(stale.headers().firstValue(QueryService.SERVED_BY_HEADER)).contains(cluster.url(1));
        assertThat(read(stale.body(), new TypeReference<IpStats>() { }).count()).isEqualTo(inputCount);
    }

    @Test
    void shouldFindAPinnedIpWhereItsMapPutsItWhereKafkasDefaultPartitionerWouldLookElsewhere() {
        // given: a seed IP pinned to another partition than Kafka's default (murmur2 of the key's bytes) picks
        IpPartitionMap map = IpPartitionMap.load(null);
        String ip = SEED_IPS.stream().filter(candidate -> map.pinned(candidate) != murmur2Partition(candidate)).findFirst().orElseThrow();
        KafkaStreams streams = cluster.streams(0);

        // when: its owner is looked up with the default partitioner, and as the app looks it up
        KeyQueryMetadata byDefault = streams.queryMetadataForKey(Stores.ALL_TIME_STATS, ip, Serdes.String().serializer());
        KeyQueryMetadata byApp = new MetadataService(streams, cluster.host(0), new IpPartitioner(map)).ownerOf(ip).orElseThrow();

        // then: the default names murmur2's partition, the app the pinned one
        assertThat(byDefault.partition()).isEqualTo(murmur2Partition(ip));
        assertThat(byApp.partition()).isEqualTo(map.pinned(ip)).isNotEqualTo(byDefault.partition());
        // and: the IP's data is in the app's partition on the host the app names, with the input's count, and not in the default's
        long inputCount = SeedCsv.read(SeedCsv.LOGS_CSV).counts().get(ip);
        assertThat(cluster.storedStats(byApp.activeHost(), byApp.partition(), ip)).map(IpStats::count).contains(inputCount);
        assertThat(cluster.storedStats(byDefault.activeHost(), byDefault.partition(), ip)).isEmpty();
        // and: the API, asked on either instance, finds it there
        for (int asked = 0; asked < 2; asked++) {
            HttpResponse<String> answer = get(asked, "/api/ips/" + ip + "/stats");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue(QueryService.SERVED_BY_HEADER)).contains(MetadataService.url(byApp.activeHost()));
            assertThat(read(answer.body(), new TypeReference<IpStats>() { }).count()).isEqualTo(inputCount);
        }
    }

    @Test
    void shouldListEachInstancesActivePartitionsAsStandbysOfTheOther() {
        // given: two instances with one standby replica (QueryCluster), and the input's partitions
        List<String> ipLogPartitions = ipLogPartitions();

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int asked = 0; asked < 2; asked++) {
                // when
                List<InstanceInfo> instances = read(get(asked, "/api/instances").body(), new TypeReference<List<InstanceInfo>>() { });

                // then: both instances, the input's partitions split between them, each active one a standby on the other
                assertThat(instances).extracting(InstanceInfo::url).containsExactlyInAnyOrder(cluster.url(0), cluster.url(1));
                InstanceInfo first = instances.get(0);
                InstanceInfo second = instances.get(1);
                assertThat(Stream.concat(ipLogs(first.activePartitions()), ipLogs(second.activePartitions())))
                        .containsExactlyInAnyOrderElementsOf(ipLogPartitions);
                assertThat(second.standbyPartitions()).containsAll(ipLogs(first.activePartitions()).toList());
                assertThat(first.standbyPartitions()).containsAll(ipLogs(second.activePartitions()).toList());
            }
        });
    }

    @Test
    void shouldBeReadyOnlyOnceRunningWithQueryableStoresAndNotAfterStopping() {
        // given: one more instance whose API serves before its topology starts
        try (QueryCluster.Unstarted instance = cluster.unstarted(APPLICATION_ID + "-readiness", work.resolve("state-readiness"))) {
            // then: not ready while its topology is only created, said in JSON, though live
            assertReadiness(instance.get("/health/ready"), 503, "NOT_READY", KafkaStreams.State.CREATED);
            assertThat(instance.get("/health/live").statusCode()).isEqualTo(200);

            // when
            instance.streams().start();

            // then: ready within a bound, once its topology runs
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> instance.get("/health/ready").statusCode() == 200);
            assertReadiness(instance.get("/health/ready"), 200, "READY", KafkaStreams.State.RUNNING);

            // when: its topology stops (the API keeps serving)
            instance.streams().close(Duration.ofSeconds(30));

            // then
            assertReadiness(instance.get("/health/ready"), 503, "NOT_READY", KafkaStreams.State.NOT_RUNNING);
        }
    }

    @Test
    void shouldReturnWindowsInTheRequestedRange() throws Exception {
        // given: the seed's last five days, inside the default window retention, and that IP's records per day
        String ip = "46.39.79.251";
        LocalDate from = LocalDate.parse("2022-07-25");
        LocalDate to = LocalDate.parse("2022-07-29");
        Map<LocalDate, Long> recordsPerDay;
        try (Stream<String> lines = Files.lines(SeedCsv.LOGS_CSV)) {
            recordsPerDay = lines.filter(line -> line.startsWith(ip + ","))
                    .map(line -> LocalDate.parse(line.substring(line.lastIndexOf(',') + 1, line.lastIndexOf(',') + 11)))
                    .filter(day -> !day.isBefore(from) && !day.isAfter(to))
                    .collect(Collectors.groupingBy(day -> day, TreeMap::new, Collectors.counting()));
        }

        // when
        HttpResponse<String> response = get(0, "/api/ips/" + ip + "/windows?window=1d&from=" + from + "T00:00:00Z&to=" + to + "T00:00:00Z");

        // then: one daily window per day with records, each counting that day's records
        assertThat(response.statusCode()).isEqualTo(200);
        Map<LocalDate, Long> countsPerWindow = new TreeMap<>();
        for (JsonNode window : Json.MAPPER.readTree(response.body()).get("windows")) {
            countsPerWindow.put(LocalDate.parse(window.get("window_start").asText().substring(0, 10)), window.get("stats").get("count").asLong());
        }
        assertThat(countsPerWindow).isEqualTo(recordsPerDay).hasSize(5);
    }

    @Test
    void shouldAnswerEveryBadRequestWithAJsonError() {
        Map<String, Integer> cases = new HashMap<>();
        cases.put("/api/ips/999.1.1.1/stats", 400);
        cases.put("/api/ips/1.2.3.4'%20OR%20'1'='1/stats", 400);
        cases.put("/api/ips/" + "1".repeat(300) + "/stats", 400);
        cases.put("/api/ips/10.20.30.40/stats", 404);
        cases.put("/api/ips/46.39.79.251/windows?window=3h&from=2022-01-03T00:00:00Z&to=2022-01-04T00:00:00Z", 400);
        cases.put("/api/ips/46.39.79.251/windows?window=1d&from=2022-01-05T00:00:00Z&to=2022-01-03T00:00:00Z", 400);
        cases.put("/api/ips/46.39.79.251/windows?window=1d&from=2000-01-01T00:00:00Z&to=2022-01-03T00:00:00Z", 400);
        cases.put("/api/ips/46.39.79.251/windows?window=1d&from=yesterday&to=today", 400);
        cases.put("/api/ips/46.39.79.251/windows?window=1d&from=%2B300000000-01-01T00:00:00Z&to=%2B300000000-01-02T00:00:00Z", 400);
        cases.put("/api/ips?limit=0", 400);
        cases.put("/api/ips?limit=100000", 400);
        cases.put("/api/ips?offset=-5", 400);
        cases.put("/api/ips?offset=" + (QueryService.MAX_OFFSET + 1), 400);
        cases.put("/api/ips?after=not-an-ip", 400);
        cases.put("/api/ips?limit=ten", 400);
        cases.put("/api/nothing-here", 404);
        cases.forEach((path, status) -> {
            // when
            HttpResponse<String> response = get(0, path);

            // then
            assertThat(response.statusCode()).as(path).isEqualTo(status);
            assertThat(read(response.body(), new TypeReference<Map<String, Object>>() { })).as(path)
                    .containsEntry("status", status).containsKey("error");
        });
    }

    @Test
    void shouldReportHealthAndPrometheusMetrics() {
        // when
        HttpResponse<String> live = get(0, "/health/live");
        HttpResponse<String> metrics = get(0, "/metrics");

        // then
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("kafka_stream_").contains("jvm_memory_used_bytes");
        // and: the request before is counted under its route, with its status
        assertThat(metrics.body().lines().filter(line -> line.startsWith("http_server_requests_seconds_count{")))
                .anyMatch(line -> line.contains("route=\"/health/live\"") && line.contains("status=\"200\"") && line.contains("method=\"GET\""));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheOwnerIsUnreachable() throws Exception {
        // given: a separate pair is not needed: stop the first instance's HTTP server while it keeps its partitions
        String ip = SEED_IPS.stream().filter(candidate -> owners().get(Topics.IP_LOGS + "-"
                + new IpPartitioner(IpPartitionMap.load(null)).partition(candidate, PARTITIONS)).equals(cluster.url(0))).findFirst().orElseThrow();
        cluster.stopServer(0);
        try {
            // when
            HttpResponse<String> response = get(1, "/api/ips/" + ip + "/stats");

            // then
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("1");
            assertThat(response.body()).contains("unreachable");
        } finally {
            cluster.startServer(0);
        }
    }

    private static int murmur2Partition(String ip) {
        return Utils.toPositive(Utils.murmur2(ip.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static List<String> ipLogPartitions() {
        return IntStream.range(0, PARTITIONS).mapToObj(p -> Topics.IP_LOGS + "-" + p).toList();
    }

    /** The input topic's partitions among {@code partitions}: those the IPs' state is kept by. */
    private static Stream<String> ipLogs(List<String> partitions) {
        return partitions.stream().filter(ipLogPartitions()::contains);
    }

    private static void assertReadiness(HttpResponse<String> response, int status, String readiness, KafkaStreams.State state) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(read(response.body(), new TypeReference<Map<String, String>>() { }))
                .containsEntry("status", readiness).containsEntry("state", state.name());
    }

    private static Map<String, String> owners() {
        Map<String, String> owners = new HashMap<>();
        for (InstanceInfo instance : read(get(0, "/api/instances").body(), new TypeReference<List<InstanceInfo>>() { })) {
            instance.activePartitions().forEach(p -> owners.put(p, instance.url()));
        }
        return owners;
    }

    private static HttpResponse<String> get(int instance, String path) {
        return cluster.get(instance, path);
    }

    private static <T> T read(String body, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.ipstream.common.ApiToken;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.IpStats;
import io.ipstream.common.Json;
import io.ipstream.common.Topics;
import io.ipstream.topology.query.InstanceInfo;
import io.ipstream.topology.query.IpPage;
import io.ipstream.topology.query.QueryService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of two instances in one JVM over the seed data: forwarding, errors, health, metrics, 503. */
class QueryApiIT {
    private static final String APPLICATION_ID = "ipstream-query-it";
    private static final List<String> SEED_IPS = QueryCluster.SEED_IPS;

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
            String owner = ownerOfPartition.get(Topics.IP_LOGS + "-" + partitioner.partition(ip, 3));
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
                + new IpPartitioner(IpPartitionMap.load(null)).partition(candidate, 3)).equals(cluster.url(1))).findFirst().orElseThrow();

        // when
        HttpResponse<String> stale = get(1, "/api/ips/" + ip + "/stats?allowStale=true");

        // then: its standby answers, marked stale, with the same counts once caught up
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue(QueryService.STALE_HEADER)).contains("true");
        assertThat(stale.headers().firstValue(QueryService.SERVED_BY_HEADER)).contains(cluster.url(1));
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
                + new IpPartitioner(IpPartitionMap.load(null)).partition(candidate, 3)).equals(cluster.url(0))).findFirst().orElseThrow();
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

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.ApiToken;
import io.ipstream.common.Json;
import io.ipstream.forecasting.dashboard.StreamsApi;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams instances' REST API against callers who do not play by the rules, with a token set as
 * a deployment that leaves 127.0.0.1 would: requests without it or with a wrong one, paths that
 * climb out of the root, SQL and 10 KB where an address goes, ranges and pages out of every bound,
 * methods no endpoint has, 200 clients at once, and clients that start a request and stall. Every
 * answer is JSON with a 2xx, 4xx or 503 status, never a 500, and the server keeps serving.
 */
class HostileHttpIT {
    private static final String APPLICATION_ID = "ipstream-hostile-it";
    private static final String IP = "46.39.79.251";
    private static final int BURST_CLIENTS = 200;
    private static final int STALLED_CLIENTS = 5;
    /** Jetty's default idle timeout (Javalin keeps it): a connection that sends nothing for this long is closed. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private static final String SECRET = UUID.randomUUID().toString();
    private static QueryCluster cluster;

    @BeforeAll
    static void startTwoInstancesWithAToken() throws Exception {
        cluster = QueryCluster.start(work, APPLICATION_ID, ApiToken.of(SECRET, "test"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldRefuseEveryEndpointButHealthWithoutTheRightToken() throws Exception {
        // given
        List<String> endpoints = List.of("/api/ips", "/api/local/ips", "/api/ips/" + IP + "/stats",
                "/api/ips/" + IP + "/windows?window=1d&from=2022-07-25T00:00:00Z&to=2022-07-29T00:00:00Z", "/api/instances", "/metrics",
                "/api/nothing-here", "/HEALTH/live", "/health/live/");
        List<String> wrongCredentials = Arrays.asList(null, "Bearer " + UUID.randomUUID(), "Bearer " + SECRET + "0",
                "Basic " + SECRET, SECRET, "Bearer", "Bearer " + SECRET.toUpperCase());

        for (String path : endpoints) {
            for (String authorization : wrongCredentials) {
                // when
                HttpResponse<String> denied = QueryCluster.send(request(0, path, authorization).GET().build());

                // then
                String attempt = path + " with " + authorization;
                assertThat(denied.statusCode()).as(attempt).isEqualTo(401);
                assertThat(denied.headers().firstValue("WWW-Authenticate")).as(attempt).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                HostileClients.assertJsonError(denied.statusCode(), denied.body(), attempt);
                assertThat(denied.body()).as(attempt).doesNotContain(SECRET);
            }
        }

        // and: a way round through the open health checks is no way round
        for (String path : List.of("/health/live/../../api/ips", "/health/ready/..%2F..%2Fapi%2Fips", "/health/live%2F..%2F..%2Fmetrics",
                "/health/live/%2e%2e/%2e%2e/metrics")) {
            RawHttp.Answer answer = RawHttp.get(port(0), path, null);
            assertThat(answer.status()).as(path + " -> " + answer.body()).isIn(400, 401, 404);
            HostileClients.assertJsonError(answer.status(), answer.body(), path);
        }

        // and: the health checks answer anyone, the rest only the token's holders
        assertThat(QueryCluster.send(request(0, "/health/live", null).GET().build()).statusCode()).isEqualTo(200);
        assertThat(QueryCluster.send(request(1, "/health/ready", null).GET().build()).statusCode()).isEqualTo(200);
        assertThat(cluster.get(0, "/api/instances").statusCode()).isEqualTo(200);
        assertThat(cluster.get(0, "/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldForwardWithTheTokenSoEitherInstanceAnswersForEveryIp() throws Exception {
        for (String ip : QueryCluster.SEED_IPS) {
            // when: each instance is asked, so one of them forwards to the owner
            HttpResponse<String> fromFirst = cluster.get(0, "/api/ips/" + ip + "/stats");
            HttpResponse<String> fromSecond = cluster.get(1, "/api/ips/" + ip + "/stats");

            // then
            assertThat(fromFirst.statusCode()).as(fromFirst.body()).isEqualTo(200);
            assertThat(fromSecond.body()).isEqualTo(fromFirst.body());
        }
        // and: the IP list, which reads every instance's part, is whole
        assertThat(Json.MAPPER.readTree(cluster.get(1, "/api/ips?limit=10").body()).get("total").asInt()).isEqualTo(QueryCluster.SEED_IPS.size());
    }

    @Test
    void shouldLetTheForecastingServiceReadTheTopologyOnlyWithTheToken() throws Exception {
        // when
        StreamsApi.Reply withToken = new StreamsApi(cluster.url(0), ApiToken.of(SECRET, "test")).get("/api/ips", "limit=10");
        StreamsApi.Reply without = new StreamsApi(cluster.url(0), ApiToken.NONE).get("/api/ips", "limit=10");

        // then
        assertThat(withToken.status()).as(withToken.body()).isEqualTo(200);
        assertThat(without.status()).isEqualTo(401);
    }

    @Test
    void shouldAnswerHostilePathsAndParametersWithJsonErrors() throws Exception {
        // given: what an attacker or a broken client sends, with the status each may get
        String tenKilobytes = "1".repeat(10_240);
        Map<String, Set<Integer>> cases = new LinkedHashMap<>();
        cases.put("/api/ips/..%2F..%2Fetc%2Fpasswd/stats", Set.of(400, 404));
        cases.put("/api/ips/%2e%2e/%2e%2e/etc/passwd", Set.of(400, 404));
        cases.put("/../../etc/passwd", Set.of(400, 404));
        cases.put("/api/ips/../../../etc/passwd", Set.of(400, 404));
        cases.put("/api/ips/..\\..\\etc\\passwd/stats", Set.of(400));
        cases.put("/api/ips/1.2.3.4'%20OR%20'1'='1/stats", Set.of(400));
        cases.put("/api/ips/1.2.3.4;DROP%20TABLE%20ip_metrics/stats", Set.of(400, 404));
        cases.put("/api/ips/1.2.3.4%00/stats", Set.of(400));
        cases.put("/api/ips/%ZZ/stats", Set.of(400));
        cases.put("/api/ips/" + IP + "/stats?allowStale=%ZZ", Set.of(200, 400));
        cases.put("/api/ips?limit=%E0%A4%A", Set.of(200, 400));
        cases.put("/api/ips/" + tenKilobytes + "/stats", Set.of(400, 414, 431));
        cases.put("/api/ips?limit=1&padding=" + tenKilobytes, Set.of(400, 414, 431));
        cases.put("/api/ips/" + IP + "/windows?window=1d&from=-999999999-01-01T00:00:00Z&to=%2B999999999-12-31T23:59:59Z", Set.of(400));
        cases.put("/api/ips/" + IP + "/windows?window=1d&from=2022-07-29T00:00:00Z&to=2022-01-01T00:00:00Z", Set.of(400));
        cases.put("/api/ips/" + IP + "/windows?window=1d&from=1970-01-01T00:00:00Z&to=2262-04-11T23:47:16Z", Set.of(400));
        cases.put("/api/ips/" + IP + "/windows?window=1d&from=0&to=99999999999999999999", Set.of(400));
        cases.put("/api/ips/" + IP + "/windows?window=" + "1d".repeat(2_000) + "&from=2022-07-25T00:00:00Z&to=2022-07-29T00:00:00Z", Set.of(400));
        cases.put("/api/ips/" + IP + "/windows", Set.of(400));
        cases.put("/api/ips?limit=-1", Set.of(400));
        cases.put("/api/ips?offset=-2147483648", Set.of(400));
        cases.put("/api/ips?offset=2147483648", Set.of(400));
        cases.put("/api/ips?limit=99999999999999999999", Set.of(400));
        cases.put("/api/ips?limit=1e3", Set.of(400));
        cases.put("/api/ips?limit=", Set.of(400));
        cases.put("/api/ips?limit=10&offset=1000001", Set.of(400));
        cases.put("/api/local/ips?limit=2147483647", Set.of(400));

        for (Map.Entry<String, Set<Integer>> entry : cases.entrySet()) {
            // when: sent byte for byte, as no well-behaved client would
            RawHttp.Answer answer = RawHttp.get(port(0), entry.getKey(), "Bearer " + SECRET);

            // then
            String path = entry.getKey().length() > 120 ? entry.getKey().substring(0, 120) + "..." : entry.getKey();
            assertThat(answer.status()).as(path + " -> " + answer.body()).isIn(entry.getValue());
            if (answer.status() >= 400) {
                HostileClients.assertJsonError(answer.status(), answer.body(), path);
            }
        }

        // and: the server still answers
        assertThat(cluster.get(0, "/api/ips/" + IP + "/stats").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerMethodsNoEndpointHasWithJsonErrors() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW", "PROPFIND")) {
            for (String path : List.of("/api/ips", "/api/ips/" + IP + "/stats", "/health/live")) {
                // when
                HttpResponse<String> response = QueryCluster.send(request(0, path, "Bearer " + SECRET)
                        .method(method, HttpRequest.BodyPublishers.ofString("{\"src_ip\":\"1.2.3.4\"}")).build());

                // then
                String attempt = method + " " + path;
                assertThat(response.statusCode()).as(attempt + " -> " + response.body()).isBetween(400, 499);
                HostileClients.assertJsonError(response.statusCode(), response.body(), attempt);
            }
        }
    }

    @Test
    void shouldAnswerABurstOf200ClientsWithoutA500AndKeepServing() throws Exception {
        // given: 200 clients, held at a gate and let go at once (HTTP/1.1: a connection each)
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < BURST_CLIENTS; i++) {
            paths.add(switch (i % 5) {
                case 0 -> "/api/ips/" + QueryCluster.SEED_IPS.get(i % 3) + "/stats";
                case 1 -> "/api/ips?limit=2&offset=" + (i % 3);
                case 2 -> "/api/ips/" + IP + "/windows?window=1d&from=2022-07-01T00:00:00Z&to=2022-07-29T00:00:00Z";
                case 3 -> "/api/ips/10.20.30." + (i % 250) + "/stats";
                default -> "/api/ips/not-an-ip-" + i + "/stats";
            });
        }
        List<HttpRequest> requests = paths.stream()
                .map(path -> request(0, path, "Bearer " + SECRET).timeout(Duration.ofSeconds(60)).GET().build()).toList();

        // when
        List<HttpResponse<String>> answers = HostileClients.fire(requests);

        // then: every one answered, with a success, a client error or a 503, each error as JSON
        HostileClients.assertServedOrRefused(paths, answers);

        // and: the server still answers, correctly, and every listing the burst started has ended (listings are bounded)
        assertThat(cluster.get(0, "/health/live").statusCode()).isEqualTo(200);
        assertThat(cluster.get(0, "/api/ips/" + IP + "/stats").statusCode()).isEqualTo(200);
        assertThat(cluster.get(0, "/api/ips?limit=10").statusCode()).isEqualTo(200);
        assertThat(cluster.get(1, "/api/ips?limit=10").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepServingWhileClientsStallMidRequestAndCloseThemWhenIdle() throws Exception {
        // given: clients that sent half a request and then nothing
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED_CLIENTS; i++) {
                stalled.add(RawHttp.stall(port(0)));
            }

            // when / then: everyone else is served as usual, at once
            for (String ip : QueryCluster.SEED_IPS) {
                long started = System.nanoTime();
                HttpResponse<String> response = cluster.get(0, "/api/ips/" + ip + "/stats");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            }

            // and: each stalled connection is closed once idle for Jetty's timeout, with at most a JSON error
            for (Socket socket : stalled) {
                byte[] received = RawHttp.readUntilClosed(socket, (int) IDLE_TIMEOUT.plusSeconds(15).toMillis());
                if (received.length > 0) {
                    RawHttp.Answer answer = RawHttp.parse(received);
                    assertThat(answer.status()).isBetween(400, 499);
                    HostileClients.assertJsonError(answer.status(), answer.body(), "stalled request");
                }
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        assertThat(cluster.get(0, "/health/live").statusCode()).isEqualTo(200);
    }

    private static HttpRequest.Builder request(int instance, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url(instance) + path)).timeout(Duration.ofSeconds(30));
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static int port(int instance) {
        return URI.create(cluster.url(instance)).getPort();
    }
}

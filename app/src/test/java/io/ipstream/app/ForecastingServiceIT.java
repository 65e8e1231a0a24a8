package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.Anomaly;
import io.ipstream.common.ApiToken;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.common.MetricNames;
import io.ipstream.common.Topics;
import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.forecasting.http.ForecastingServer;
import io.ipstream.forecasting.service.ArchiveSettings;
import io.ipstream.forecasting.service.ForecastingService;
import io.ipstream.forecasting.service.RedisSettings;
import io.ipstream.forecasting.service.ServiceSettings;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecasting service as it runs in production, on the embedded broker and the local Redis and
 * PostgreSQL: ip-logs into Redis, the scheduled archive into PostgreSQL, and the HTTP API over both;
 * and what it does when PostgreSQL is away.
 */
class ForecastingServiceIT {
    private static final long SEED_RECORDS = 4_950;
    private static final long SEED_POINTS = SEED_RECORDS * Metric.ALL.size();
    private static final Duration HORIZON = Duration.ofDays(7);
    private static final Duration ARCHIVE_INTERVAL = Duration.ofSeconds(1);
    /** Smaller than the seed's old points, so a pass commits and trims in several batches. */
    private static final int ARCHIVE_BATCH = 10_000;
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final String IP = "46.39.79.251";
    private static final String WHOLE_SEED_RANGE = "from=2022-01-01T00:00:00Z&to=2022-12-31T00:00:00Z";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    /** One broker holding the seed data for every test; each service reads it in its own consumer group. */
    private static EmbeddedKafka broker;

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture();

    @BeforeAll
    static void startBrokerWithTheSeedData() {
        broker = EmbeddedKafka.start(0, work.resolve("kafka"));
        Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--csv", SeedCsv.LOGS_CSV.toString());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }


    @Test
    void shouldIngestArchiveAndServeEachSeriesWholeFromPostgresAndRedisOnceBothAreUp() throws Exception {
        // given: the seed's points split at each series' horizon, counted back from its own newest point
        Map<SeriesKey, Map<Long, Double>> seed = StoreFixture.seedSeries();
        assertThat(StoreFixture.count(seed)).isEqualTo(SEED_POINTS);
        Map<SeriesKey, Map<Long, Double>> lastWeek = select(seed, (ts, newest) -> ts > newest - HORIZON.toMillis());
        Map<SeriesKey, Map<Long, Double>> older = select(seed, (ts, newest) -> ts <= newest - HORIZON.toMillis());

        // when: the service runs with ingest and a one-second archive
        try (RunningService running = RunningService.start(settings(true, fixture.databaseSettings()));
             TimeSeriesStore store = fixture.openStore()) {

            // then: ready, and the archive has moved everything older than the horizon: no point lost, none in both places
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(running.get("/health/ready").statusCode()).isEqualTo(200));
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                Map<SeriesKey, Map<Long, Double>> redis = StoreFixture.redisPoints(store);
                Map<SeriesKey, Map<Long, Double>> archived = fixture.archivedPoints();
                assertThat(StoreFixture.overlap(redis, archived)).as("points in both Redis and PostgreSQL").isZero();
                assertThat(StoreFixture.count(redis) + StoreFixture.count(archived)).isEqualTo(SEED_POINTS);
                assertThat(redis).as("Redis: each series' last %s", HORIZON).isEqualTo(lastWeek);
                assertThat(archived).as("PostgreSQL: everything older").isEqualTo(older);
            });
            Map<SeriesKey, Map<Long, Double>> archived = fixture.archivedPoints();
            assertThat(StoreFixture.count(archived)).isPositive();

            // and: the history of one series is the CSV's column, joined across PostgreSQL's past and Redis's last week
            SeriesKey series = new SeriesKey(IP, Metric.UNQ_DST_IP);
            assertThat(archived).containsKey(series);
            assertThat(lastWeek).containsKey(series);
            HttpResponse<String> history = running.get("/api/ips/" + IP + "/history?metric=unq_dst_ip&" + WHOLE_SEED_RANGE);
            assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
            JsonNode body = Json.MAPPER.readTree(history.body());
            assertThat(body.get("src_ip").asText()).isEqualTo(IP);
            assertThat(body.get("metric").asText()).isEqualTo("unq_dst_ip");
            List<String> points = new ArrayList<>();
            body.get("points").forEach(point -> points.add(Instant.parse(point.get("ts").asText()) + " " + point.get("value").asDouble()));
            assertThat(points).containsExactlyElementsOf(csvColumn(IP, "unq_dst_ip"));

            // and: Prometheus shows every record ingested, every archived point counted, no failed pass, the consumer's own metrics
            await().atMost(PATIENCE).untilAsserted(() -> {
                String metrics = running.get("/metrics").body();
                assertThat(counter(metrics, MetricNames.INGESTED_RECORDS)).isEqualTo(SEED_RECORDS);
                assertThat(counter(metrics, MetricNames.INGEST_INVALID)).isZero();
                assertThat(counter(metrics, MetricNames.ARCHIVED_POINTS)).isEqualTo(StoreFixture.count(archived));
                assertThat(counter(metrics, MetricNames.ARCHIVE_FAILURES)).isZero();
                assertThat(metrics).as("the ingest consumer's Kafka client metrics").contains("kafka_consumer_fetch_manager_records_consumed_total");
            });
        }
    }

    @Test
    void shouldAnswerEveryBadHistoryRequestWithAJsonErrorAndTheRightStatus() throws Exception {
        // given
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("/api/ips/999.1.1.1/history?metric=unq_dst_ip&" + WHOLE_SEED_RANGE, 400);
        cases.put("/api/ips/1.2.3.4'%20OR%20'1'='1/history?metric=unq_dst_ip&" + WHOLE_SEED_RANGE, 400);
        cases.put("/api/ips/" + "1".repeat(300) + "/history?metric=unq_dst_ip&" + WHOLE_SEED_RANGE, 400);
        cases.put("/api/ips/" + IP + "/history?metric=no_such_metric&" + WHOLE_SEED_RANGE, 400);
        cases.put("/api/ips/" + IP + "/history?" + WHOLE_SEED_RANGE, 400);
        cases.put("/api/ips/" + IP + "/history?metric=unq_dst_ip&from=2022-07-29T00:00:00Z&to=2022-01-03T00:00:00Z", 400);
        cases.put("/api/ips/" + IP + "/history?metric=unq_dst_ip&from=2021-01-01T00:00:00Z&to=2022-12-31T00:00:00Z", 400);
        cases.put("/api/ips/" + IP + "/history?metric=unq_dst_ip&from=yesterday&to=today", 400);
        cases.put("/api/ips/" + IP + "/history?metric=unq_dst_ip", 400);
        cases.put("/api/ips/" + IP + "/history?metric=unq_dst_ip&from=%2B300000000-01-01T00:00:00Z&to=%2B300000000-01-02T00:00:00Z", 400);
        cases.put("/api/nothing-here", 404);
        cases.put("/api/ips/" + IP + "/forecast", 400);
        cases.put("/api/ips/" + IP + "/predictions", 404);
        cases.put("/api/anomalies", 400);
        cases.put("/api/anomalies?" + WHOLE_SEED_RANGE + "&source=guesswork", 400);
        cases.put("/api/anomalies?" + WHOLE_SEED_RANGE + "&limit=0", 400);
        cases.put("/api/anomalies?" + WHOLE_SEED_RANGE + "&ip=not-an-ip", 400);
        cases.put("/api/anomalies?" + WHOLE_SEED_RANGE + "&metric=nope", 400);
        // SQL where each value goes: refused before any statement, which only ever binds values anyway
        cases.put("/api/ips/" + IP + "/history?metric=unq_dst_ip%27%3B%20DROP%20TABLE%20ip_metrics%3B--&" + WHOLE_SEED_RANGE, 400);
        cases.put("/api/ips/" + IP + "/history?metric=unq_dst_ip&from=2022-01-03T00:00:00Z%27%20OR%20%271%27%3D%271&to=2022-07-29T00:00:00Z", 400);
        cases.put("/api/anomalies?" + WHOLE_SEED_RANGE + "&source=streaming%27%3B%20DROP%20TABLE%20anomalies%3B--", 400);
        cases.put("/api/anomalies?" + WHOLE_SEED_RANGE + "&ip=1.2.3.4%27%20OR%20%271%27%3D%271", 400);
        cases.put("/api/anomalies?" + WHOLE_SEED_RANGE + "&metric=unq_dst_ip%20OR%201%3D1", 400);
        cases.put("/api/ips/" + IP + "/forecast?metric=unq_dst_ip%27%3B%20DELETE%20FROM%20models%3B--", 400);

        try (RunningService running = RunningService.start(settings(false, fixture.databaseSettings()))) {
            // (ready once PostgreSQL is reached and its schema migrated)
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(running.get("/health/ready").statusCode()).isEqualTo(200));
            Set<String> tables = fixture.tables();
            for (Map.Entry<String, Integer> entry : cases.entrySet()) {
                // when
                HttpResponse<String> response = running.get(entry.getKey());

                // then
                assertThat(response.statusCode()).as(entry.getKey() + " -> " + response.body()).isEqualTo(entry.getValue());
                assertThat(response.headers().firstValue("Content-Type")).as(entry.getKey()).hasValueSatisfying(type ->
                        assertThat(type).startsWith("application/json"));
                JsonNode body = Json.MAPPER.readTree(response.body());
                assertThat(body.get("status").asInt()).as(entry.getKey()).isEqualTo(entry.getValue());
                assertThat(body.get("error").asText()).as(entry.getKey()).isNotBlank();
            }

            // and: every table is still there
            assertThat(fixture.tables()).isEqualTo(tables).isNotEmpty();
        }
    }

    @Test
    void shouldKeepIngestingAndTrimNothingWhilePostgresIsAwayAndSayWhichAddressFailed() throws Exception {
        // given: a database address where nothing listens
        int closedPort = FreePorts.pick("127.0.0.1", 1)[0];
        String address = "127.0.0.1:" + closedPort;
        DatabaseSettings away = new DatabaseSettings("jdbc:postgresql://" + address + "/test", StoreFixture.DB_USER, "", fixture.schema);

        // when
        try (RunningService running = RunningService.start(settings(true, away));
             TimeSeriesStore store = fixture.openStore()) {

            // then: ingest writes every point to Redis, and the archive keeps failing without trimming any
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(StoreFixture.count(StoreFixture.redisPoints(store))).isEqualTo(SEED_POINTS);
                assertThat(counter(running.get("/metrics").body(), MetricNames.ARCHIVE_FAILURES)).isGreaterThanOrEqualTo(2);
            });
            assertThat(StoreFixture.redisPoints(store)).isEqualTo(StoreFixture.seedSeries());
            assertThat(counter(running.get("/metrics").body(), MetricNames.ARCHIVED_POINTS)).isZero();

            // and: the service is alive but not ready, and says it is PostgreSQL at that address
            assertThat(running.get("/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = running.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode readiness = Json.MAPPER.readTree(ready.body());
            assertThat(readiness.get("status").asText()).isEqualTo("NOT_READY");
            assertThat(readiness.at("/postgresql/address").asText()).isEqualTo(address);
            assertThat(readiness.at("/postgresql/up").asBoolean()).isFalse();
            assertThat(readiness.at("/redis/up").asBoolean()).isTrue();

            // and: history is refused, naming the address, rather than answered from Redis alone
            HttpResponse<String> history = running.get("/api/ips/" + IP + "/history?metric=unq_dst_ip&" + WHOLE_SEED_RANGE);
            assertThat(history.statusCode()).as(history.body()).isEqualTo(503);
            assertThat(history.headers().firstValue("Retry-After")).isPresent();
            assertThat(Json.MAPPER.readTree(history.body()).get("error").asText()).contains(address);
        }
    }

    @Test
    void shouldStoreEachStreamingAnomalyFromTheTopicOnceAndServeItBesideTheForecastOnes() throws Exception {
        // given: the topology's streaming anomalies on ip-anomalies, one of them twice (a replay), beside a forecast one
        // (the service stores those itself before publishing) and a record that is not an anomaly at all
        Anomaly spike = new Anomaly(IP, Instant.parse("2022-03-01T10:00:00Z"), "bytesout", 9e6, 1e5, 7.5, Anomaly.STREAMING);
        Anomaly drop = new Anomaly(IP, Instant.parse("2022-03-02T11:00:00Z"), "unq_dst_ip", 0, 25, 4.2, Anomaly.STREAMING);
        Anomaly forecast = new Anomaly(IP, Instant.parse("2022-03-03T12:00:00Z"), "frequency", 900, 40, 3.0, Anomaly.FORECAST);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Anomaly anomaly : List.of(spike, drop, spike, forecast)) {
                producer.send(new ProducerRecord<>(Topics.IP_ANOMALIES, IP, Json.MAPPER.writeValueAsBytes(anomaly))).get();
            }
            producer.send(new ProducerRecord<>(Topics.IP_ANOMALIES, IP, "not an anomaly".getBytes(StandardCharsets.UTF_8))).get();
        }

        // when
        try (RunningService running = RunningService.start(settings(true, fixture.databaseSettings()))) {

            // then: each streaming anomaly is stored once and served with its source; the forecast one is not taken from the topic
            await().atMost(PATIENCE).untilAsserted(() -> {
                HttpResponse<String> response = running.get("/api/anomalies?" + WHOLE_SEED_RANGE + "&ip=" + IP);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                List<String> served = new ArrayList<>();
                Json.MAPPER.readTree(response.body()).get("anomalies").forEach(a -> served.add(
                        a.get("timestamp").asText() + " " + a.get("metric").asText() + " " + a.get("source").asText()));
                assertThat(served).containsExactly("2022-03-01T10:00:00Z bytesout streaming", "2022-03-02T11:00:00Z unq_dst_ip streaming");
            });

            // and: /metrics counts each stored once, by source
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(running.get("/metrics").body().lines()
                    .filter(line -> line.startsWith("ipstream_anomalies_stored_total{") && line.contains("source=\"streaming\""))
                    .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))).containsExactly(2.0));
        }
    }

    @Test
    void shouldRequireTheTokenEverywhereButHealthAndTheDashboardFilesWhenOneIsSet() throws Exception {
        // given: a token, and the dashboard on (its topology answers nowhere: only the files and the check matter here)
        String secret = UUID.randomUUID().toString();
        String nowhere = "http://127.0.0.1:" + FreePorts.pick("127.0.0.1", 1)[0];
        List<String> protectedPaths = List.of("/api/anomalies?" + WHOLE_SEED_RANGE, "/api/ips/" + IP + "/history?metric=unq_dst_ip&"
                + WHOLE_SEED_RANGE, "/api/ips/" + IP + "/forecast?metric=unq_dst_ip", "/metrics", "/api/dashboard/ips",
                "/api/streams/api/ips", "/api/nothing-here");
        List<String> wrongCredentials = Arrays.asList(null, "Bearer " + UUID.randomUUID(), "Bearer " + secret + "x", "Basic " + secret,
                secret, "Bearer ", "Bearer " + secret.substring(1));

        try (RunningService running = RunningService.start(settings(false, fixture.databaseSettings()), nowhere,
                ApiToken.of(secret, "test"))) {
            for (String path : protectedPaths) {
                for (String authorization : wrongCredentials) {
                    // when
                    HttpResponse<String> denied = running.getWith(authorization, path);

                    // then: 401, saying how to authenticate, as JSON
                    String attempt = path + " with " + authorization;
                    assertThat(denied.statusCode()).as(attempt).isEqualTo(401);
                    assertThat(denied.headers().firstValue("WWW-Authenticate")).as(attempt).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                    JsonNode body = Json.MAPPER.readTree(denied.body());
                    assertThat(body.get("status").asInt()).as(attempt).isEqualTo(401);
                    assertThat(body.get("error").asText()).as(attempt).isNotBlank().doesNotContain(secret);
                }
            }

            // and: a path dressed as one of the dashboard's files that climbs out of it is no way around the check
            for (String path : List.of("/webjars/../metrics", "/webjars/%2e%2e/metrics", "/webjars/..%2Fmetrics", "/dashboard.js/../metrics")) {
                HttpResponse<String> response = running.getWith(null, path);
                assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
                assertThat(Json.MAPPER.readTree(response.body()).get("status").asInt()).as(path).isEqualTo(response.statusCode());
            }

            // and: the right token is let in, whatever the case of the scheme
            assertThat(running.get("/metrics").statusCode()).isEqualTo(200);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(running.get("/api/anomalies?" + WHOLE_SEED_RANGE).statusCode()).isEqualTo(200));
            assertThat(running.getWith("bearer " + secret, "/metrics").statusCode()).isEqualTo(200);

            // and: the health checks and the dashboard's files need none; the page's own calls do (above)
            assertThat(running.getWith(null, "/health/live").statusCode()).isEqualTo(200);
            assertThat(running.getWith(null, "/health/ready").statusCode()).isIn(200, 503);
            HttpResponse<String> page = running.getWith(null, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher asset = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page.body());
            int assets = 0;
            while (asset.find()) {
                assertThat(running.getWith(null, asset.group(1)).statusCode()).as(asset.group(1)).isEqualTo(200);
                assets++;
            }
            assertThat(assets).as("scripts and style sheets of the page").isGreaterThanOrEqualTo(4);
        }
    }

    private ServiceSettings settings(boolean ingest, DatabaseSettings database) {
        return new ServiceSettings(ingest, broker.bootstrapServers(), "forecasting-it-" + fixture.prefix, Map.of(),
                new RedisSettings(StoreFixture.REDIS, fixture.prefix, StoreFixture.NO_RETENTION), database,
                new ArchiveSettings(HORIZON, ARCHIVE_INTERVAL, ARCHIVE_BATCH), null, ZoneOffset.UTC);
    }

    /** The points of each series that {@code keep(timestamp, newest of that series)} selects; series left empty are left out. */
    private static Map<SeriesKey, Map<Long, Double>> select(Map<SeriesKey, Map<Long, Double>> seed, BiPredicate<Long, Long> keep) {
        Map<SeriesKey, Map<Long, Double>> selected = new HashMap<>();
        seed.forEach((series, points) -> {
            long newest = ((TreeMap<Long, Double>) points).lastKey();
            TreeMap<Long, Double> kept = new TreeMap<>();
            points.forEach((ts, value) -> {
                if (keep.test(ts, newest)) {
                    kept.put(ts, value);
                }
            });
            if (!kept.isEmpty()) {
                selected.put(series, kept);
            }
        });
        return selected;
    }

    /** One IP's column of the seed CSV, in file order, as "instant value" (the CSV's timestamps are UTC). */
    private static List<String> csvColumn(String ip, String column) throws Exception {
        List<String> lines = Files.readAllLines(SeedCsv.LOGS_CSV);
        List<String> header = List.of(lines.get(0).split(","));
        List<String> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            if (cells[header.indexOf("src_ip")].equals(ip)) {
                String instant = LocalDateTime.parse(cells[header.indexOf("timestamp")].replace(' ', 'T')).toInstant(ZoneOffset.UTC).toString();
                values.add(instant + " " + Double.parseDouble(cells[header.indexOf(column)]));
            }
        }
        assertThat(values).as("seed rows of %s", ip).isNotEmpty();
        return values;
    }

    /** A Prometheus counter's value: Micrometer's "a.b.c" is rendered "a_b_c_total". */
    private static long counter(String scrape, String micrometerName) {
        String name = micrometerName.replace('.', '_') + "_total";
        return scrape.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in /metrics:\n" + scrape));
    }

    /**
     * The service and its HTTP API on a free port, as {@code ipstream forecasting --http-port} runs them;
     * {@link #get} sends the token when there is one.
     */
    private record RunningService(ForecastingService service, ForecastingServer server, ApiToken token) implements AutoCloseable {
        static RunningService start(ServiceSettings settings) {
            return start(settings, null, ApiToken.NONE);
        }

        /** With {@code streamsUrl}, also the dashboard, as {@code --streams-url} gives it; with {@code token}, only for its holders. */
        static RunningService start(ServiceSettings settings, String streamsUrl, ApiToken token) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ForecastingService service = ForecastingService.start(settings, registry);
            try {
                return new RunningService(service, ForecastingServer.start("127.0.0.1", FreePorts.pick("127.0.0.1", 1)[0], service, registry,
                        streamsUrl, token), token);
            } catch (RuntimeException e) {
                service.close();
                throw e;
            }
        }

        HttpResponse<String> get(String path) {
            return send(token.authorize(request(path)));
        }

        /** {@code path} with exactly this {@code Authorization} header, or none when null. */
        HttpResponse<String> getWith(String authorization, String path) {
            HttpRequest.Builder request = request(path);
            return send(authorization == null ? request : request.header("Authorization", authorization));
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30));
        }

        private static HttpResponse<String> send(HttpRequest.Builder request) {
            HttpRequest built = request.GET().build();
            try {
                return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(built.uri().toString(), e);
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                service.close();
            }
        }
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.Json;
import io.ipstream.common.TimeRange;
import io.ipstream.topology.query.QueryService;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API's memory is bounded by what one request may ask and by how many of the costly ones
 * run at once, not by how many clients come: an instance in a JVM of its own with a small heap,
 * which exits on the first OutOfMemoryError, answers a burst of the largest requests it accepts.
 */
class SmallHeapHttpIT {
    private static final String APPLICATION_ID = "ipstream-small-heap-it";
    private static final int IPS = 2_000;
    private static final int CLIENTS = 200;
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 3, 1);
    /** The longest range the API takes, ending with the generated days. */
    private static final Instant RANGE_END = FIRST_DAY.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final String LONGEST_RANGE = "from=" + RANGE_END.minus(TimeRange.MAX_SPAN) + "&to=" + RANGE_END;
    /** Enough for the instance at rest; a few dozen full listings held at once would not fit. */
    private static final List<String> SMALL_HEAP = List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError");

    @TempDir
    Path work;

    private EmbeddedKafka broker;
    private StreamsProcess instance;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (instance != null) {
            instance.kill();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldAnswerABurstOfTheLargestRequestsWithinASmallHeap() throws Exception {
        // given: an instance with a small heap holding the statistics of 2,000 generated IPs
        broker = EmbeddedKafka.start(0, work.resolve("kafka"));
        Path map = Files.copy(Path.of("..", "ip-partition-map.csv"), work.resolve("map.csv"));
        Path generated = work.resolve("generated.jsonl");
        Pipelines.cli("generate", "--ips", Integer.toString(IPS), "--days", "2", "--start", FIRST_DAY.toString(), "--seed", "11", "--template", SeedCsv.LOGS_CSV.toString(),
                "--partition-map", map.toString(), "--partitions", "3", "--out-file", generated.toString());
        List<String> ips = List.copyOf(ExactStats.fromFiles(generated).keySet());
        int port = FreePorts.pick("127.0.0.1", 1)[0];
        instance = StreamsProcess.start(SMALL_HEAP, broker.bootstrapServers(), APPLICATION_ID, work.resolve("state"), port,
                work.resolve("instance.log"), "--partition-map", map.toString());
        Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--file", generated.toString(),
                "--partition-map", map.toString());
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
        await().atMost(Duration.ofMinutes(2)).until(() -> instance.status("/health/ready") == 200);

        // when: 200 clients at once, half asking for the longest listing, the others for the longest window range and stats
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String ip = ips.get(i % ips.size());
            paths.add(switch (i % 4) {
                case 0, 1 -> "/api/ips?limit=" + QueryService.MAX_LIMIT + "&offset=" + (i % 2 == 0 ? 0 : IPS / 2);
                case 2 -> "/api/ips/" + ip + "/windows?window=1d&" + LONGEST_RANGE;
                default -> "/api/ips/" + ip + "/stats";
            });
        }
        List<HttpResponse<String>> answers;
        try {
            answers = HostileClients.fire(paths.stream()
                    .map(path -> HttpRequest.newBuilder(URI.create(instance.url() + path)).timeout(Duration.ofSeconds(60)).GET().build())
                    .toList());
        } finally {
            // then: the instance lived through it (it exits on OutOfMemoryError, which would refuse the burst's remaining connections)
            assertThat(instance.isAlive()).as("the instance died under the burst; see instance.log").isTrue();
        }

        // and: it answered each with a success, a client error or a 503, and served full listings
        HostileClients.assertServedOrRefused(paths, answers);
        assertThat(answers).filteredOn(answer -> answer.uri().getPath().equals("/api/ips") && answer.statusCode() == 200)
                .isNotEmpty()
                .allSatisfy(answer -> assertThat(Json.MAPPER.readTree(answer.body()).get("ips").size()).isEqualTo(QueryService.MAX_LIMIT));
        assertThat(answers).filteredOn(answer -> answer.uri().getPath().endsWith("/stats")).allSatisfy(answer ->
                assertThat(answer.statusCode()).isIn(200, 503));

        // and: once the burst is over every listing slot is free again, and the whole list still adds up
        HttpResponse<String> after = instance.get("/api/ips?limit=1");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(after.body()).get("total").asInt()).isEqualTo(ips.size());
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.ingest.Ingest;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.forecasting.store.TimeSeriesStores;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ip-logs into the time-series store on the local Redis: every point once, replays change nothing. */
class IngestIT {
    private static final String REDIS = System.getenv().getOrDefault("IPSTREAM_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final long SEED_RECORDS = 4_950;

    @TempDir
    Path work;

    private final String prefix = "ipstreamingest" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void deleteSeries() {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().scan(ScanArgs.Builder.matches(prefix + ":*").limit(100_000)).getKeys();
            keys.forEach(key -> connection.sync().del(key));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void shouldStoreEveryPointOnceAndNotChangeOnReplayOrRereading() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"));
             TimeSeriesStore store = TimeSeriesStores.connect(REDIS, prefix, Duration.ofDays(100_000))) {
            // given
            load(broker);

            // when
            ingest(broker, store, "ingest-it", SEED_RECORDS);

            // then: 4,950 records x 9 metrics, and one series equals the CSV column
            assertThat(countPoints(store)).isEqualTo(SEED_RECORDS * Metric.ALL.size());
            List<Point> series = store.range(new SeriesKey("46.39.79.251", Metric.UNQ_DST_IP), 0, Long.MAX_VALUE);
            List<String> column = Files.readAllLines(SeedCsv.LOGS_CSV).stream().skip(1)
                    .filter(line -> line.startsWith("46.39.79.251,")).map(line -> line.split(",")[1]).toList();
            assertThat(series).extracting(p -> Long.toString((long) p.value())).containsExactlyElementsOf(column);

            // when: the same file again, and another group reading everything from the start
            load(broker);
            ingest(broker, store, "ingest-it", SEED_RECORDS);
            ingest(broker, store, "ingest-it-reread", 2 * SEED_RECORDS);

            // then
            assertThat(countPoints(store)).isEqualTo(SEED_RECORDS * Metric.ALL.size());
        }
    }

    private static void load(EmbeddedKafka broker) {
        Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--csv", SeedCsv.LOGS_CSV.toString());
    }

    private static void ingest(EmbeddedKafka broker, TimeSeriesStore store, String group, long expectedRecords) {
        try (Ingest ingest = new Ingest(broker.bootstrapServers(), group, store, new IpLogCodec(ZoneOffset.UTC), Map.of(),
                (records, points) -> { })) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (ingest.records() < expectedRecords && System.nanoTime() < deadline) {
                ingest.pollOnce(Duration.ofMillis(200));
            }
            assertThat(ingest.records()).isEqualTo(expectedRecords);
            assertThat(ingest.invalid()).isZero();
        }
    }

    private static long countPoints(TimeSeriesStore store) {
        long points = 0;
        for (Metric metric : Metric.ALL) {
            points += store.rangeByMetric(metric, 0, Long.MAX_VALUE).values().stream().mapToLong(List::size).sum();
        }
        return points;
    }
}

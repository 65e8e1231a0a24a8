package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.TimeSeriesStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ip-logs into the time-series store on the local Redis: every point once, replays change nothing. */
class IngestIT {
    private static final long SEED_RECORDS = 4_950;

    @TempDir
    Path work;

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture();


    @Test
    void shouldStoreEveryPointOnceAndNotChangeOnReplayOrRereading() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"));
             TimeSeriesStore store = fixture.openStore()) {
            // given
            Pipelines.loadSeed(broker.bootstrapServers());

            // when
            Pipelines.ingest(broker.bootstrapServers(), store, "ingest-it", SEED_RECORDS);

            // then: 4,950 records x 9 metrics, and one series equals the CSV column
            assertThat(StoreFixture.count(StoreFixture.redisPoints(store))).isEqualTo(SEED_RECORDS * Metric.ALL.size());
            List<Point> series = store.range(new SeriesKey("46.39.79.251", Metric.UNQ_DST_IP), 0, Long.MAX_VALUE);
            List<String> column = Files.readAllLines(SeedCsv.LOGS_CSV).stream().skip(1)
                    .filter(line -> line.startsWith("46.39.79.251,")).map(line -> line.split(",")[1]).toList();
            assertThat(series).extracting(p -> Long.toString((long) p.value())).containsExactlyElementsOf(column);

            // when: the same file again, and another group reading everything from the start
            Pipelines.loadSeed(broker.bootstrapServers());
            Pipelines.ingest(broker.bootstrapServers(), store, "ingest-it", SEED_RECORDS);
            Pipelines.ingest(broker.bootstrapServers(), store, "ingest-it-reread", 2 * SEED_RECORDS);

            // then
            assertThat(StoreFixture.redisPoints(store)).isEqualTo(StoreFixture.seedSeries());
        }
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.MetricNames;
import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.TimeSeriesStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.Driver;

/**
 * The running forecasting service while PostgreSQL goes away in the middle of an archive pass and
 * comes back: the service reaches the local PostgreSQL through a proxy that the test cuts (every
 * connection closed, new ones refused) and restores, so the same connection pool has to recover.
 */
class PostgresCutIT {
    /**
     * The later part makes about 800 KB of COPY data old enough to archive (some 15,000 points); the
     * cut comes after the first 100 KB of it, inside a COPY.
     */
    private static final long CUT_AFTER_BYTES = 100_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture();

    @Test
    void shouldArchiveEveryPointOnceWhenPostgresIsCutOffMidPassAndComesBackUnderTheRunningService() throws Exception {
        SeedCsvParts seed = SeedCsvParts.atTwoThirds(work.resolve("seed"));
        Map<SeriesKey, Map<Long, Double>> all = StoreFixture.seedSeries();
        HorizonSplit earlierArchived = HorizonSplit.of(seed.earlierSeries(), InProcessService.HORIZON);
        HorizonSplit allArchived = HorizonSplit.of(all, InProcessService.HORIZON);
        Properties postgres = Driver.parseURL(StoreFixture.JDBC, null);
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"));
             CuttableProxy proxy = CuttableProxy.start(postgres.getProperty("PGHOST"), Integer.parseInt(postgres.getProperty("PGPORT")));
             InProcessService running = InProcessService.start(broker.bootstrapServers(), StoreFixture.REDIS, fixture,
                     new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + postgres.getProperty("PGDBNAME"),
                             StoreFixture.DB_USER, "", fixture.schema));
             TimeSeriesStore store = fixture.openStore()) {
            // given: the earlier part ingested, and archived up to its horizon through the proxy
            seed.loadEarlier(broker);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                assertThat(running.service().ingestedRecords()).isEqualTo(seed.earlierRecords());
                earlierArchived.assertHeldBy(store, fixture);
                assertThat(running.service().databaseReady()).isTrue();
            });

            // when: the later part makes more points old, and PostgreSQL is cut off while the archive COPYs them
            proxy.cutAfterUpstreamBytes(CUT_AFTER_BYTES);
            seed.loadLater(broker);
            await().atMost(PATIENCE).until(() -> proxy.isCut() && running.service().ingestedRecords() == seed.records());

            // then: nothing lost, nothing in both places, and the passes that follow fail without trimming or archiving anything
            Map<SeriesKey, Map<Long, Double>> redisAtCut = StoreFixture.redisPoints(store);
            Map<SeriesKey, Map<Long, Double>> archivedAtCut = fixture.archivedPoints();
            assertThat(StoreFixture.overlap(redisAtCut, archivedAtCut)).as("points in both Redis and PostgreSQL").isZero();
            assertThat(StoreFixture.union(redisAtCut, archivedAtCut)).isEqualTo(all);
            long failuresAtCut = running.counter(MetricNames.ARCHIVE_FAILURES);
            await().atMost(PATIENCE).until(() -> running.counter(MetricNames.ARCHIVE_FAILURES) >= failuresAtCut + 2);
            assertThat(StoreFixture.redisPoints(store)).isEqualTo(redisAtCut);
            assertThat(fixture.archivedPoints()).isEqualTo(archivedAtCut);
            assertThat(running.service().databaseReady()).isFalse();

            // when: PostgreSQL is reachable again; the service is left alone
            proxy.restore();

            // then: its pool connects again and the archive catches up: every point once, with its value
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                allArchived.assertHeldBy(store, fixture);
                assertThat(running.service().databaseReady()).isTrue();
            });
        }
    }
}

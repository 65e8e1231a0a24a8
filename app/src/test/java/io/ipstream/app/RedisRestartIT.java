package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.MetricNames;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.forecasting.store.TimeSeriesStores;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running forecasting service while its Redis dies and comes back: a private redis-server
 * (append-only, fsync always, as the README asks of production) is SIGKILLed under it and restarted
 * on the same port and directory, with the archive into the local PostgreSQL running throughout.
 */
class RedisRestartIT {
    /**
     * The service's Redis command timeout. With Lettuce's default of 60 s a few seconds' outage only
     * delays a write (the client queues it until it reconnects); 2 s makes the writes fail during the
     * outage, so the ingest's rewind and retry run.
     */
    private static final String TWO_SECOND_TIMEOUT = "?timeout=2s";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture();

    @Test
    void shouldHoldEveryPointOnceWhenRedisIsKilledMidIngestAndRestartedUnderTheRunningService() throws Exception {
        SeedCsvParts seed = SeedCsvParts.atTwoThirds(work.resolve("seed"));
        HorizonSplit earlierArchived = HorizonSplit.of(seed.earlierSeries(), InProcessService.HORIZON);
        HorizonSplit allArchived = HorizonSplit.of(StoreFixture.seedSeries(), InProcessService.HORIZON);
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"));
             PrivateRedis redis = PrivateRedis.start(work.resolve("redis"));
             InProcessService running = InProcessService.start(broker.bootstrapServers(), redis.uri() + TWO_SECOND_TIMEOUT, fixture,
                     fixture.databaseSettings());
             TimeSeriesStore store = TimeSeriesStores.connect(redis.uri(), fixture.prefix, StoreFixture.NO_RETENTION)) {
            // given: the earlier part ingested, and archived up to its horizon
            seed.loadEarlier(broker);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                assertThat(running.service().ingestedRecords()).isEqualTo(seed.earlierRecords());
                earlierArchived.assertHeldBy(store, fixture);
            });

            // when: Redis is killed, and the later part arrives while it is down
            redis.kill();
            seed.loadLater(broker);

            // then: the writes fail, nothing of the later part counts as ingested, the batches are read again
            await().atMost(PATIENCE).until(() -> running.counter(MetricNames.INGEST_FAILURES) >= 2);
            assertThat(running.service().ingestedRecords()).isEqualTo(seed.earlierRecords());
            assertThat(running.service().redisConnected()).isFalse();

            // when: Redis comes back on the same port and directory; the service is left alone
            redis.restart();

            // then: every record ingested once, every point once across Redis and PostgreSQL, with its value
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                assertThat(running.service().ingestedRecords()).isEqualTo(seed.records());
                allArchived.assertHeldBy(store, fixture);
            });
            assertThat(running.service().redisConnected()).isTrue();
            assertThat(running.counter(MetricNames.ARCHIVE_FAILURES)).as("archive passes that met the outage").isPositive();
        }
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.KafkaConnectionWatch;
import io.ipstream.forecasting.store.TimeSeriesStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped for several seconds and started again on the same port and data directory
 * under the running forecasting service (ingest, and the archive every second, in this JVM) while a
 * loader in its own JVM sends the seed CSV at a steady rate. The service is left alone: its consumer
 * has to find the broker again by itself and go on ingesting, and every point has to end up once
 * across Redis and PostgreSQL, with its value.
 */
class IngestBrokerRestartIT {
    /**
     * The least time the broker stays down: several of the consumer's heartbeat intervals (3 s), long
     * enough for the service to say the broker is away, within the consumer's session and API
     * timeouts (45 s and 60 s by default).
     */
    private static final Duration OUTAGE = KafkaConnectionWatch.PATIENCE.plusSeconds(3);
    /** Records per second: the seed's 4,950 records take about 20 s, so the outage falls inside the load. */
    private static final int RATE = 250;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @RegisterExtension
    final CapturedLog watchLog = new CapturedLog(KafkaConnectionWatch.class);

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture();

    private EmbeddedKafka broker;
    private LoaderProcess loader;

    @AfterEach
    void stopLoaderAndBroker() throws InterruptedException {
        if (loader != null) {
            loader.kill();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldHoldEveryPointOnceWhenTheBrokerRestartsUnderTheRunningServiceWhileALoaderSends() throws Exception {
        long seedRecords = SeedCsv.read(SeedCsv.LOGS_CSV).counts().values().stream().mapToLong(Long::longValue).sum();
        HorizonSplit allArchived = HorizonSplit.of(StoreFixture.seedSeries(), InProcessService.HORIZON);
        broker = EmbeddedKafka.start(0, work.resolve("kafka"));
        int brokerPort = broker.port();
        try (InProcessService running = InProcessService.start(broker.bootstrapServers(), StoreFixture.REDIS, fixture,
                fixture.databaseSettings());
             TimeSeriesStore store = fixture.openStore()) {
            // given: the service ingesting the seed CSV while a loader sends it, a third of it acknowledged by the broker
            Path checkpoint = work.resolve("seed.checkpoint");
            loader = LoaderProcess.start(work.resolve("loader.log"), "--bootstrap-servers", broker.bootstrapServers(),
                    "--csv", SeedCsv.LOGS_CSV.toString(), "--checkpoint", checkpoint.toString(), "--rate", String.valueOf(RATE));
            await().atMost(PATIENCE).until(() -> LoaderProcess.acknowledged(checkpoint) >= seedRecords / 3
                    && running.service().ingestedRecords() > 0);

            // when: the broker stops (controlled shutdown) and stays down
            broker.close();

            // then: the loader waits it out
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(loader::isAlive);
            long acknowledgedBeforeRestart = LoaderProcess.acknowledged(checkpoint);

            // when: the broker is back on the same port and data; the service is left alone
            broker = EmbeddedKafka.start(brokerPort, work.resolve("kafka"));

            // then: the load completes, and the service ingests what reached the broker only after the restart too:
            // every point once across Redis and PostgreSQL, with its value
            assertThat(acknowledgedBeforeRestart).as("records acknowledged before the restart").isLessThan(seedRecords);
            assertThat(loader.awaitExit(PATIENCE)).as(loader.output()).isZero();
            assertThat(LoaderProcess.acknowledged(checkpoint)).isEqualTo(seedRecords);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                // At least: a batch written to Redis whose commit failed would be read and written again, and counted again.
                assertThat(running.service().ingestedRecords()).isGreaterThanOrEqualTo(seedRecords);
                allArchived.assertHeldBy(store, fixture);
            });

            // and: the service said once that the broker was away, and once that it was back (it looks every second)
            assertThat(watchLog.messages(Level.WARN)).filteredOn(message -> message.startsWith("ingest: "))
                    .singleElement().asString().startsWith("ingest: no connection to Kafka at " + broker.bootstrapServers());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(watchLog.messages(Level.INFO))
                    .filteredOn(message -> message.startsWith("ingest: "))
                    .singleElement().asString().startsWith("ingest: connected to Kafka at " + broker.bootstrapServers() + " again after"));
        }
    }
}

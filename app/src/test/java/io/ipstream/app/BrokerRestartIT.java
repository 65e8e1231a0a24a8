package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.app.demo.LatestValues;
import io.ipstream.common.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped for several seconds and started again on the same port and data directory while
 * a streams instance (its own JVM, shipped settings) processes and two loaders (their own JVMs) send.
 * The instance must ride out the outage; a loader with the default delivery timeout waits it out, one
 * whose timeout is shorter than the outage fails with a clear message and its re-run with the same
 * checkpoint completes the job; every record counts once.
 */
class BrokerRestartIT {
    private static final String APPLICATION_ID = "ipstream-broker-restart-it";
    /** The least time the broker stays down: longer than the short delivery timeout below, well within the default. */
    private static final Duration OUTAGE = Duration.ofSeconds(8);

    @TempDir
    Path work;

    private EmbeddedKafka broker;
    private Path map;
    private final List<LoaderProcess> loaders = new ArrayList<>();
    private StreamsProcess instance;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (LoaderProcess loader : loaders) {
            loader.kill();
        }
        if (instance != null) {
            instance.kill();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCountEveryRecordOnceWhenTheBrokerRestartsWhileTheTopologyRunsAndLoadersSend() throws Exception {
        // given: a running instance, generated IPs sent by a loader with the default producer settings, and the seed CSV
        // sent by one that gives up on a record the broker has not acknowledged within 3 s
        broker = EmbeddedKafka.start(0, work.resolve("kafka"));
        int brokerPort = broker.port();
        map = Files.copy(Path.of("..", "ip-partition-map.csv"), work.resolve("map.csv"));
        Path generated = work.resolve("generated.jsonl");
        Pipelines.cli("generate", "--ips", "40", "--days", "14", "--seed", "11", "--template", SeedCsv.LOGS_CSV.toString(),
                "--partition-map", map.toString(), "--partitions", "3", "--out-file", generated.toString());
        long generatedRecords = Files.readAllLines(generated).size();
        long seedRecords = SeedCsv.read(SeedCsv.LOGS_CSV).counts().values().stream().mapToLong(Long::longValue).sum();
        instance = StreamsProcess.start(broker.bootstrapServers(), APPLICATION_ID, work.resolve("state"),
                FreePorts.pick("127.0.0.1", 1)[0], work.resolve("streams.log"), "--partition-map", map.toString());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> instance.status("/health/ready") == 200);
        Path patientCheckpoint = work.resolve("generated.checkpoint");
        LoaderProcess patient = load("patient.log", "--file", generated.toString(), "--checkpoint", patientCheckpoint.toString(),
                "--rate", "500");
        Path shortTimeout = Files.writeString(work.resolve("short-timeout.properties"),
                "request.timeout.ms=2000\ndelivery.timeout.ms=3000\nmax.block.ms=3000\n");
        Path impatientCheckpoint = work.resolve("seed.checkpoint");
        LoaderProcess impatient = load("impatient.log", "--csv", SeedCsv.LOGS_CSV.toString(), "--checkpoint",
                impatientCheckpoint.toString(), "--rate", "400", "--producer-config", shortTimeout.toString());
        await().atMost(Duration.ofMinutes(1)).until(() -> LoaderProcess.acknowledged(patientCheckpoint) >= generatedRecords / 4
                && LoaderProcess.acknowledged(impatientCheckpoint) >= seedRecords / 4);
        assertThat(patient.isAlive() && impatient.isAlive()).as("both loaders are still sending").isTrue();

        // when: the broker stops
        broker.close();

        // then: while it is down, the instance and the patient loader keep going, the impatient loader fails clearly
        await().during(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(() -> instance.isAlive() && patient.isAlive());
        assertThat(impatient.awaitExit(Duration.ofSeconds(30))).as(impatient.output()).isEqualTo(1);
        assertThat(impatient.output()).contains("ipstream: the broker did not accept a record");

        // when: the broker is back on the same port and data, and the failed load is run again with its checkpoint
        broker = EmbeddedKafka.start(brokerPort, work.resolve("kafka"));
        long checkpointedBeforeRerun = LoaderProcess.acknowledged(impatientCheckpoint);
        String rerun = Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--csv", SeedCsv.LOGS_CSV.toString(),
                "--checkpoint", impatientCheckpoint.toString(), "--partition-map", map.toString());

        // then: both loads complete, the instance never stopped, and every IP counts every record once
        assertThat(rerun).contains("skipped " + checkpointedBeforeRerun + " already sent");
        assertThat(LoaderProcess.acknowledged(impatientCheckpoint)).isEqualTo(seedRecords);
        assertThat(patient.awaitExit(Duration.ofMinutes(2))).as(patient.output()).isZero();
        assertThat(LoaderProcess.acknowledged(patientCheckpoint)).isEqualTo(generatedRecords);
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
        ExactStats.awaitServed(ExactStats.fromFiles(SeedCsv.LOGS_CSV, generated), List.of(instance));
        assertThat(LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ)).isEmpty();
        assertThat(instance.isAlive()).isTrue();
        assertThat(Files.readString(work.resolve("streams.log"))).doesNotContain("-> PENDING_ERROR").doesNotContain("-> ERROR");
    }

    private LoaderProcess load(String log, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(), "--partition-map", map.toString()));
        all.addAll(List.of(args));
        LoaderProcess loader = LoaderProcess.start(work.resolve(log), all.toArray(String[]::new));
        loaders.add(loader);
        return loader;
    }
}

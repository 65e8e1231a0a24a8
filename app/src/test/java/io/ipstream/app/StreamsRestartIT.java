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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streams instance in its own JVM killed (SIGKILL) while the loader is sending, then restarted on
 * the same state directory and port: under exactly-once Kafka Streams does not trust state it did
 * not close cleanly, wipes it and restores it from the changelogs, and fences the killed instance's
 * open transaction. Every IP's statistics must come out exact, with no repair by hand.
 */
class StreamsRestartIT {
    private static final String APPLICATION_ID = "ipstream-streams-restart-it";

    @TempDir
    Path work;

    private EmbeddedKafka broker;
    private final List<StreamsProcess> started = new ArrayList<>();
    private LoaderProcess loader;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (loader != null) {
            loader.kill();
        }
        for (StreamsProcess instance : started) {
            instance.kill();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCountEveryRecordOnceWhenAnInstanceIsKilledMidStreamAndRestartedOnItsOwnState() throws Exception {
        // given: one instance holding the seed CSV's statistics, and generated IPs being loaded by another process
        broker = EmbeddedKafka.start(0, work.resolve("kafka"));
        Path map = Files.copy(Path.of("..", "ip-partition-map.csv"), work.resolve("map.csv"));
        Path generated = work.resolve("generated.jsonl");
        Pipelines.cli("generate", "--ips", "40", "--days", "28", "--seed", "9", "--template", SeedCsv.LOGS_CSV.toString(),
                "--partition-map", map.toString(), "--partitions", "3", "--out-file", generated.toString());
        long generatedRecords = Files.readAllLines(generated).size();
        Set<String> generatedIps = ExactStats.fromFiles(generated).keySet();
        Path stateDir = work.resolve("state");
        int port = FreePorts.pick("127.0.0.1", 1)[0];
        Path streamsConfig = StreamsProcess.fastFailoverConfig(work.resolve("streams.properties"));
        StreamsProcess first = start(stateDir, port, map, streamsConfig, "first.log");
        Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--csv", SeedCsv.LOGS_CSV.toString(),
                "--partition-map", map.toString());
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
        Path checkpoint = work.resolve("load.checkpoint");
        loader = LoaderProcess.start(work.resolve("loader.log"), "--bootstrap-servers", broker.bootstrapServers(),
                "--file", generated.toString(), "--partition-map", map.toString(), "--checkpoint", checkpoint.toString(), "--rate", "800");

        // when: the instance is killed once a third of the generated records are on the broker and it has counted some,
        // and started again on the same state directory and port while the loader goes on
        await().atMost(Duration.ofMinutes(1)).until(() -> LoaderProcess.acknowledged(checkpoint) >= generatedRecords / 3
                && generatedIps.stream().anyMatch(ip -> first.status("/api/ips/" + ip + "/stats") == 200));
        first.kill();
        assertThat(loader.isAlive()).as("the loader is still sending when the instance dies").isTrue();
        StreamsProcess restarted = start(stateDir, port, map, streamsConfig, "restarted.log");

        // then: the loader completes, and the restarted instance answers every IP exactly; nothing was dead-lettered
        assertThat(loader.awaitExit(Duration.ofMinutes(2))).as(loader.output()).isZero();
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
        ExactStats.awaitServed(ExactStats.fromFiles(SeedCsv.LOGS_CSV, generated), List.of(restarted));
        assertThat(LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ)).isEmpty();
        assertThat(restarted.isAlive()).isTrue();
    }

    private StreamsProcess start(Path stateDir, int port, Path map, Path streamsConfig, String log) throws Exception {
        StreamsProcess process = StreamsProcess.start(broker.bootstrapServers(), APPLICATION_ID, stateDir, port, work.resolve(log),
                "--partition-map", map.toString(), "--streams-config", streamsConfig.toString());
        started.add(process);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> process.status("/health/ready") == 200);
        return process;
    }
}

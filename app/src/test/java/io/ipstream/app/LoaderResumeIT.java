package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.app.demo.LatestValues;
import io.ipstream.common.IpStats;
import io.ipstream.common.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader killed part-way (SIGKILL of a real process) and re-run with its checkpoint: every record counts once. */
class LoaderResumeIT {
    private static final String APPLICATION_ID = "ipstream-resume-it";

    @TempDir
    static Path work;

    private static RunningPipeline pipeline;
    private static EmbeddedKafka broker;

    @BeforeAll
    static void startPipeline() throws InterruptedException {
        pipeline = RunningPipeline.start(work, APPLICATION_ID);
        broker = pipeline.broker();
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldCountEveryRecordOnceAfterTheLoaderIsKilledAndResumed() throws Exception {
        // given: a loader process replaying the seed CSV slowly, with a checkpoint
        Path checkpoint = work.resolve("load.checkpoint");
        LoaderProcess loader = LoaderProcess.start(work.resolve("loader.log"), "--bootstrap-servers", broker.bootstrapServers(),
                "--csv", SeedCsv.LOGS_CSV.toString(), "--checkpoint", checkpoint.toString(), "--rate", "1000");

        // when: it is killed once about a third of the rows are acknowledged, then re-run with the same checkpoint
        await().atMost(Duration.ofMinutes(1)).until(() -> LoaderProcess.acknowledged(checkpoint) >= 1500);
        loader.kill();
        long checkpointedBeforeRestart = LoaderProcess.acknowledged(checkpoint);
        long sentBeforeRestart = endOffsets(Topics.IP_LOGS);
        String rerun = load("--csv", SeedCsv.LOGS_CSV.toString(), "--checkpoint", checkpoint.toString());
        awaitProcessed();

        // then: the re-run resumed after the checkpoint and sent again whatever the broker had acknowledged after the
        // last checkpoint save (usually some rows; none when the kill lands right after a save), and each counts once
        assertThat(checkpointedBeforeRestart).isLessThan(4950);
        assertThat(rerun).contains("skipped " + checkpointedBeforeRestart + " already sent");
        assertThat(sentBeforeRestart).as("rows on the broker before the restart").isGreaterThanOrEqualTo(checkpointedBeforeRestart);
        assertThat(endOffsets(Topics.IP_LOGS)).as("the re-run sends every row after the checkpoint")
                .isEqualTo(sentBeforeRestart + 4950 - checkpointedBeforeRestart);
        SeedCsv expected = SeedCsv.read(SeedCsv.LOGS_CSV);
        Map<String, Long> counts = LatestValues.read(broker.bootstrapServers(), Topics.IP_AVERAGES, IpStats.class)
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().count(), (a, b) -> a, TreeMap::new));
        assertThat(counts).isEqualTo(expected.counts());
        assertThat(LoaderProcess.acknowledged(checkpoint)).isEqualTo(4950);
    }

    private static long endOffsets(String topic) {
        List<ConsumerRecord<String, byte[]>> all = LatestValues.readAll(broker.bootstrapServers(), topic);
        return all.size();
    }

    private static String load(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "load";
        full[1] = "--bootstrap-servers";
        full[2] = broker.bootstrapServers();
        System.arraycopy(args, 0, full, 3, args.length);
        return Pipelines.cli(full);
    }

    private static void awaitProcessed() throws Exception {
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
    }
}

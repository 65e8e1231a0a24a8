package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.app.demo.LatestValues;
import io.ipstream.common.IpStats;
import io.ipstream.common.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader killed part-way (SIGKILL of a real process) and re-run from a checkpoint older than what the broker
 * holds, so rows are certainly sent twice: every record still counts once.
 */
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
    void shouldCountEveryRecordOnceAfterTheLoaderIsKilledAndResumedFromAnOlderCheckpoint() throws Exception {
        // given: a loader process replaying the seed CSV slowly, with a checkpoint
        SeedCsv expected = SeedCsv.read(SeedCsv.LOGS_CSV);
        long rows = expected.counts().values().stream().mapToLong(Long::longValue).sum();
        Path checkpoint = work.resolve("load.checkpoint");
        Path olderCheckpoint = work.resolve("older.checkpoint");
        LoaderProcess loader = LoaderProcess.start(work.resolve("loader.log"), "--bootstrap-servers", broker.bootstrapServers(),
                "--csv", SeedCsv.LOGS_CSV.toString(), "--checkpoint", checkpoint.toString(), "--rate", "500");

        // when: its first saved checkpoint is copied aside; once 1000 more rows are acknowledged the loader is killed,
        // and the older copy is put back, so the re-run sends again rows the broker already has
        await().atMost(Duration.ofMinutes(1)).until(() -> LoaderProcess.acknowledged(checkpoint) > 0);
        Files.copy(checkpoint, olderCheckpoint);
        long olderAcknowledged = LoaderProcess.acknowledged(olderCheckpoint);
        await().atMost(Duration.ofMinutes(1)).until(() -> LoaderProcess.acknowledged(checkpoint) >= olderAcknowledged + 1000);
        assertThat(loader.isAlive()).as("killed part-way").isTrue();
        loader.kill();
        long onBrokerBeforeRestart = ipLogs().size();
        Files.copy(olderCheckpoint, checkpoint, StandardCopyOption.REPLACE_EXISTING);
        String rerun = load("--csv", SeedCsv.LOGS_CSV.toString(), "--checkpoint", checkpoint.toString());
        awaitProcessed();

        // then: the re-run resumed after the older checkpoint, so it sent more rows than the broker was missing
        Matcher summary = Pattern.compile("Sent (\\d+) records to " + Pattern.quote(Topics.IP_LOGS)
                + ", rejected 0 .*, skipped (\\d+) already sent").matcher(rerun);
        assertThat(summary.find()).as(rerun).isTrue();
        long sentByRerun = Long.parseLong(summary.group(1));
        assertThat(Long.parseLong(summary.group(2))).isEqualTo(olderAcknowledged);
        assertThat(sentByRerun).isEqualTo(rows - olderAcknowledged).isGreaterThan(rows - onBrokerBeforeRestart);
        // and: ip-logs holds some rows twice, every row at least once
        List<ConsumerRecord<String, byte[]>> ipLogs = ipLogs();
        assertThat(ipLogs).hasSize((int) (onBrokerBeforeRestart + sentByRerun)).hasSizeGreaterThan((int) rows);
        assertThat(ipLogs.stream().map(r -> r.key() + " " + new String(r.value(), StandardCharsets.UTF_8)).distinct()).hasSize((int) rows);
        // and: the topology counted each row once
        Map<String, Long> counts = LatestValues.read(broker.bootstrapServers(), Topics.IP_AVERAGES, IpStats.class)
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().count(), (a, b) -> a, TreeMap::new));
        assertThat(counts).isEqualTo(expected.counts());
        assertThat(LoaderProcess.acknowledged(checkpoint)).isEqualTo(rows);
    }

    private static List<ConsumerRecord<String, byte[]>> ipLogs() {
        return LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS);
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

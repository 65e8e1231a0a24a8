package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.within;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.app.cli.Cli;
import io.ipstream.app.demo.LatestValues;
import io.ipstream.common.DeadLetterHeaders;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.IpStats;
import io.ipstream.common.Topics;
import io.ipstream.common.TopicsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole streaming path on a real broker: load the seed CSV, run the topology, read ip-averages. */
class PipelineIT {
    private static final String APPLICATION_ID = "ipstream-it";
    private static final Path BAD_INPUT = Path.of("src", "test", "resources", "bad-input");
    /** An IP no other test here sends, and one the partition map does not pin. */
    private static final String UNPINNED_IP = "198.51.100.23";

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
    void shouldPublishExactMeansForTheSeedCsvAndNotChangeThemOnReplay() throws Exception {
        // given: whatever IPs the other tests here sent before
        SeedCsv expected = SeedCsv.read(SeedCsv.LOGS_CSV);
        Set<String> ipsBefore = LatestValues.read(broker.bootstrapServers(), Topics.IP_AVERAGES, IpStats.class).keySet();

        // when: the CLI loads the CSV and the topology processes it
        String loadOutput = load();
        awaitProcessed();
        Map<String, IpStats> averages = LatestValues.read(broker.bootstrapServers(), Topics.IP_AVERAGES, IpStats.class);
        List<ConsumerRecord<String, byte[]>> firstPass = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_AVERAGES);
        int deadLettersBefore = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ).size();

        // then
        assertThat(loadOutput).contains("Sent 4950 records to ip-logs, rejected 0");
        assertThat(averages.keySet()).isEqualTo(union(ipsBefore, expected.counts().keySet()));
        expected.means().forEach((ip, means) -> {
            assertThat(averages.get(ip).count()).isEqualTo(expected.counts().get(ip));
            means.forEach((metric, mean) -> assertThat(averages.get(ip).mean(metric)).as(ip + " " + metric)
                    .isCloseTo(mean, within(1e-9 * Math.max(1, mean))));
        });

        // when: the same file is replayed
        load();
        awaitProcessed();
        List<ConsumerRecord<String, byte[]>> afterReplay = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_AVERAGES);

        // then: not one new update, and nothing dead-lettered
        assertThat(afterReplay).hasSameSizeAs(firstPass);
        assertThat(LatestValues.read(broker.bootstrapServers(), Topics.IP_AVERAGES, IpStats.class)).isEqualTo(averages);
        assertThat(LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ)).hasSize(deadLettersBefore);
    }

    @Test
    void shouldSendRejectedFilesToTheDeadLetterTopicWithReasonAndOrigin(@TempDir Path dir) throws Exception {
        // given: one good file and one with a negative count
        String good = Files.readString(Path.of("..", "example_files", "1.json"));
        Files.writeString(dir.resolve("1.json"), good.replace("\"46.39.79.251\"", "\"10.9.8.7\""));
        Files.writeString(dir.resolve("2.json"), good.replace("\"allow\":\"17\"", "\"allow\":\"-17\""));
        int deadLettersBefore = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ).size();

        // when
        String out = Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--dir", dir.toString());
        awaitProcessed();

        // then
        assertThat(out).contains("Sent 1 records", "rejected 1", "field allow is negative: -17", "2.json");
        List<ConsumerRecord<String, byte[]>> deadLetters = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ);
        assertThat(deadLetters).hasSize(deadLettersBefore + 1);
        ConsumerRecord<String, byte[]> letter = deadLetters.get(deadLetters.size() - 1);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains("\"-17\"");
        assertThat(new String(letter.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("field allow is negative: -17");
        assertThat(new String(letter.headers().lastHeader(DeadLetterHeaders.SOURCE_FILE).value(), StandardCharsets.UTF_8))
                .endsWith("2.json");
        assertThat(LatestValues.read(broker.bootstrapServers(), Topics.IP_AVERAGES, IpStats.class).get("10.9.8.7").count()).isEqualTo(1);
    }

    @Test
    void shouldKeepEachIpsInputAndOutputOnItsIpPartitionerPartitionPinnedOrNot(@TempDir Path dir) throws Exception {
        // given: the seed, whose IPs the map pins, and a record of an IP it does not pin (its partition is murmur2's)
        IpPartitionMap map = IpPartitionMap.load(null);
        IpPartitioner partitioner = new IpPartitioner(map);
        int partitions = TopicsConfig.load(null).find(Topics.IP_LOGS).partitions();
        assertThat(map.pinned(UNPINNED_IP)).isNull();
        Files.writeString(dir.resolve("1.json"), Files.readString(Path.of("..", "example_files", "1.json"))
                .replace("\"46.39.79.251\"", "\"" + UNPINNED_IP + "\""));

        // when
        load();
        Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--dir", dir.toString());
        awaitProcessed();
        List<ConsumerRecord<String, byte[]>> inputs = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS);
        List<ConsumerRecord<String, byte[]>> outputs = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_AVERAGES);
        // (closed windows go out by a wall-clock punctuation, soon after the records that close them)
        List<ConsumerRecord<String, byte[]>> windowOutputs = await().atMost(Duration.ofSeconds(30))
                .until(() -> LatestValues.readAll(broker.bootstrapServers(), Topics.IP_WINDOW_AVERAGES), records -> !records.isEmpty());

        // then: input and outputs of every IP, the unpinned one included, on the partition IpPartitioner gives it
        assertThat(outputs).extracting(ConsumerRecord::key).contains(UNPINNED_IP).containsAll(map.asMap().keySet());
        for (List<ConsumerRecord<String, byte[]>> records : List.of(inputs, outputs, windowOutputs)) {
            records.forEach(record -> assertThat(record.partition()).as(record.topic() + " " + record.key())
                    .isEqualTo(partitioner.partition(record.key(), partitions)));
        }
    }

    private static Set<String> union(Set<String> some, Set<String> others) {
        Set<String> union = new TreeSet<>(some);
        union.addAll(others);
        return union;
    }

    private static String load() {
        return Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--csv", SeedCsv.LOGS_CSV.toString());
    }

    private static void awaitProcessed() throws Exception {
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
    }

    @Test
    void shouldDeadLetterEveryBadFileAndSendTheRestByDefault() throws Exception {
        // given
        int deadLettersBefore = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ).size();

        // when
        String out = Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--dir", BAD_INPUT.toString());
        awaitProcessed();

        // then: 3 valid records counted, 7 bad ones dead-lettered with reason and file
        assertThat(out).contains("Sent 3 records to ip-logs, rejected 7 (sent to ip-logs-dlq)");
        List<ConsumerRecord<String, byte[]>> deadLetters = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ);
        List<ConsumerRecord<String, byte[]>> added = deadLetters.subList(deadLettersBefore, deadLetters.size());
        assertThat(added).hasSize(7).allSatisfy(letter -> {
            assertThat(letter.headers().lastHeader(DeadLetterHeaders.REASON)).isNotNull();
            assertThat(new String(letter.headers().lastHeader(DeadLetterHeaders.SOURCE_FILE).value(), StandardCharsets.UTF_8))
                    .contains("bad-input");
        });
        assertThat(LatestValues.read(broker.bootstrapServers(), Topics.IP_AVERAGES, IpStats.class).get("203.0.113.7").count())
                .isEqualTo(3);
    }

    @Test
    void shouldStopAtTheFirstBadFileWhenStrictHavingSentThoseBefore(@TempDir Path checkpointDir) throws Exception {
        // given
        int deadLettersBefore = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ).size();
        Path checkpoint = checkpointDir.resolve("strict.checkpoint");

        // when
        CliRun cli = new CliRun();
        int exit = cli.run("load", "--bootstrap-servers", broker.bootstrapServers(), "--dir", BAD_INPUT.toString(),
                "--strict", "--checkpoint", checkpoint.toString());

        // then: exit 1, 1.json sent, nothing dead-lettered, and a re-run would resume after 1.json
        assertThat(exit).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(cli.out()).containsPattern("Stopped at .*2\\.json: malformed JSON").contains("Sent 1 records");
        assertThat(LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ)).hasSize(deadLettersBefore);
        assertThat(Files.readString(checkpoint)).contains("\"acknowledged_through\" : \"1.json\"");
    }
}

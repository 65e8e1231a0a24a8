package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.app.demo.LatestValues;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.Json;
import io.ipstream.common.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipstream generate --bootstrap-servers}: records straight into ip-logs on a real broker, placed by the partition map. */
class GenerateToKafkaIT {
    private static final int IPS = 6;
    /** With Kafka output the sidecar files go to the working directory; the test removes what it made there. */
    private static final List<Path> SIDECARS = List.of(Path.of("generated-ips.csv"), Path.of("generated-anomalies.csv"));

    @TempDir
    Path work;

    private EmbeddedKafka broker;

    @BeforeEach
    void start() {
        assertThat(SIDECARS).as("no earlier sidecar files in " + Path.of("").toAbsolutePath() + " to overwrite")
                .noneMatch(Files::exists);
        broker = EmbeddedKafka.start(0, work.resolve("kafka"));
    }

    @AfterEach
    void stop() throws Exception {
        // No broker means the guard above failed: the sidecar files there are someone else's.
        if (broker == null) {
            return;
        }
        broker.close();
        for (Path sidecar : SIDECARS) {
            Files.deleteIfExists(sidecar);
        }
    }

    private static String[] generate(String... output) {
        return Stream.concat(Stream.of("generate", "--ips", Integer.toString(IPS), "--days", "7", "--seed", "23",
                "--template", SeedCsv.LOGS_CSV.toString()), Stream.of(output)).toArray(String[]::new);
    }

    @Test
    void shouldSendEveryGeneratedRecordOnceKeyedByItsIpOnThePartitionTheMapPinsItTo() throws Exception {
        // given: a temporary copy of the shipped partition map, and the same generation written to a file as the reference
        Path map = Files.copy(Path.of("..", "ip-partition-map.csv"), work.resolve("map.csv"));
        Path reference = work.resolve("reference.jsonl");
        Pipelines.cli(generate("--partition-map", work.resolve("reference-map.csv").toString(), "--out-file", reference.toString()));

        // when
        Pipelines.cli(generate("--partition-map", map.toString(), "--bootstrap-servers", broker.bootstrapServers(), "--progress", "none"));

        // then: ip-logs holds exactly the generated records, once each
        List<ConsumerRecord<String, byte[]>> sent = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS);
        List<String> expected = Files.readAllLines(reference);
        assertThat(sent.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        // and: keyed by the record's IP, on the partition the updated map pins it to, spread over the partitions
        IpPartitionMap pins = IpPartitionMap.load(map);
        assertThat(sent).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(Json.MAPPER.readTree(record.value()).get("src_ip").asText());
            assertThat(record.partition()).as(record.key()).isEqualTo(pins.pinned(record.key()));
        });
        Set<String> keys = sent.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(keys).hasSize(IPS);
        assertThat(keys.stream().map(pins::pinned).distinct().count()).as("partitions used").isGreaterThan(1);
        assertThat(Files.readAllLines(SIDECARS.get(0)).stream().skip(1).map(line -> line.split(",")[0]))
                .as("the IPs listed in " + SIDECARS.get(0)).containsExactlyInAnyOrderElementsOf(keys);
    }
}

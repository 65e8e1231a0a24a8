package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipstream generate} to files: deterministic output, sidecar files and partition pins. */
class GenerateCommandTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        CliRun cli = new CliRun();
        assertThat(cli.run(args)).as(cli.err()).isZero();
        return cli.out();
    }

    private String[] generate(Path outFile, Path map, String seed) {
        return new String[] {"generate", "--ips", "6", "--days", "14", "--seed", seed, "--anomaly-rate", "0.05",
                "--template", SeedCsv.LOGS_CSV.toString(), "--partition-map", map.toString(), "--out-file", outFile.toString()};
    }

    @Test
    void shouldWriteByteIdenticalFilesForTheSameSeed() throws Exception {
        // given
        Path map = Files.copy(Path.of("..", "ip-partition-map.csv"), dir.resolve("map-a.csv"));
        Path otherMap = Files.copy(Path.of("..", "ip-partition-map.csv"), dir.resolve("map-b.csv"));

        // when
        run(generate(dir.resolve("a.jsonl"), map, "99"));
        run(generate(dir.resolve("b.jsonl"), otherMap, "99"));

        // then
        assertThat(Files.readAllBytes(dir.resolve("a.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("b.jsonl")));
        assertThat(Files.readAllBytes(dir.resolve("a.jsonl.anomalies.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("b.jsonl.anomalies.csv")));
        assertThat(Files.readAllLines(dir.resolve("a.jsonl"))).hasSize(6 * 10 * 11);
    }

    @Test
    void shouldPinNewIpsEvenlyOverThePartitionsAndListThemWithTheirTemplates() throws Exception {
        // given: the shipped map pins one IP on each of 3 partitions
        Path map = Files.copy(Path.of("..", "ip-partition-map.csv"), dir.resolve("map.csv"));

        // when
        String report = run(generate(dir.resolve("out.jsonl"), map, "5"));

        // then
        IpPartitionMap pins = IpPartitionMap.load(map);
        assertThat(pins.asMap()).hasSize(3 + 6);
        Map<Integer, Long> perPartition = pins.asMap().values().stream().collect(Collectors.groupingBy(p -> p, Collectors.counting()));
        assertThat(perPartition).containsOnly(Map.entry(0, 3L), Map.entry(1, 3L), Map.entry(2, 3L));
        List<String> ips = Files.readAllLines(dir.resolve("out.jsonl.ips.csv"));
        assertThat(ips.get(0)).isEqualTo("src_ip,template_ip,scale");
        assertThat(ips.subList(1, ips.size())).hasSize(6)
                .allSatisfy(line -> assertThat(pins.pinned(line.split(",")[0])).isNotNull());
        assertThat(Files.readAllLines(dir.resolve("out.jsonl.anomalies.csv")).get(0)).isEqualTo("src_ip,timestamp,metric,kind");
        assertThat(report).contains("Generated 660 records for 6 IPs").contains("(seed 5)");
    }

    @Test
    void shouldWriteOneNumberedJsonFilePerRecordThatLoadAccepts() throws Exception {
        // given
        Path out = dir.resolve("files");
        Path map = Files.copy(Path.of("..", "ip-partition-map.csv"), dir.resolve("map.csv"));

        // when
        run("generate", "--ips", "2", "--days", "1", "--seed", "1", "--template", SeedCsv.LOGS_CSV.toString(),
                "--partition-map", map.toString(), "--out-dir", out.toString(), "--start", "2024-03-04");
        String validation = run("load", "--dir", out.toString(), "--validate-only");

        // then: a Monday of 11 business hours for 2 IPs
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(22);
        }
        assertThat(Files.readString(out.resolve("1.json"))).contains("\"timestamp\":\"2024-03-04T08:00:00Z\"");
        assertThat(validation).contains("Validated 22 records: 22 valid, 0 rejected");
    }

    @Test
    void shouldLabelExactlyTheValuesTheAnomaliesChangedAndHowTheyChangedThem() throws Exception {
        // given: the same seed and typical behaviour, once without anomalies and once with them; anomalies draw from
        // their own random stream, so the two runs differ only where an anomaly was injected
        Path map = Files.copy(Path.of("..", "ip-partition-map.csv"), dir.resolve("map-clean.csv"));
        Path otherMap = Files.copy(Path.of("..", "ip-partition-map.csv"), dir.resolve("map-anomalous.csv"));
        String[] common = {"generate", "--ips", "8", "--days", "28", "--seed", "17", "--behaviour", "typical",
                "--template", SeedCsv.LOGS_CSV.toString()};

        // when
        run(concat(common, "--partition-map", map.toString(), "--out-file", dir.resolve("clean.jsonl").toString()));
        run(concat(common, "--anomaly-rate", "0.03", "--partition-map", otherMap.toString(),
                "--out-file", dir.resolve("anomalous.jsonl").toString()));

        // then: the same records, and every labelled value moved the way its kind says
        Map<String, Long> clean = values(dir.resolve("clean.jsonl"));
        Map<String, Long> anomalous = values(dir.resolve("anomalous.jsonl"));
        assertThat(anomalous.keySet()).isEqualTo(clean.keySet());
        Map<String, String> kinds = labels(dir.resolve("anomalous.jsonl.anomalies.csv"));
        assertThat(kinds.values()).containsOnly("spike", "drop", "level_shift").contains("spike", "drop", "level_shift");
        kinds.forEach((point, kind) -> {
            assertThat(clean).as("labelled point " + point + " exists").containsKey(point);
            long before = clean.get(point);
            long after = anomalous.get(point);
            switch (kind) {
                case "spike" -> assertThat(after).as(point + " spike").isGreaterThan(before);
                case "drop" -> {
                    assertThat(after).as(point + " drop").isZero();
                    assertThat(before).as(point + " drop from").isPositive();
                }
                default -> assertThat(after).as(point + " level shift").isNotEqualTo(before);
            }
        });
        // and: every value without a label is the clean run's
        clean.forEach((point, before) -> {
            if (!kinds.containsKey(point)) {
                assertThat(anomalous.get(point)).as("unlabelled " + point).isEqualTo(before);
            }
        });
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }

    /** Each metric value of a JSON Lines file, keyed by src_ip|instant|metric. */
    private static Map<String, Long> values(Path jsonLines) throws Exception {
        Map<String, Long> values = new HashMap<>();
        for (String line : Files.readAllLines(jsonLines)) {
            JsonNode record = Json.MAPPER.readTree(line);
            for (Metric metric : Metric.ALL) {
                String point = point(record.get("src_ip").asText(), record.get("timestamp").asText(), metric.wireName());
                assertThat(values.put(point, record.get(metric.wireName()).asLong())).as("one record per IP and time").isNull();
            }
        }
        return values;
    }

    /** The ground truth: the kind of each labelled src_ip|instant|metric. */
    private static Map<String, String> labels(Path anomaliesCsv) throws Exception {
        List<String> lines = Files.readAllLines(anomaliesCsv);
        assertThat(lines.get(0)).isEqualTo("src_ip,timestamp,metric,kind");
        Map<String, String> kinds = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertThat(kinds.put(point(cells[0], cells[1], cells[2]), cells[3])).as("labelled once: " + line).isNull();
        }
        return kinds;
    }

    private static String point(String ip, String timestamp, String metric) {
        return ip + "|" + Instant.parse(timestamp) + "|" + metric;
    }
}

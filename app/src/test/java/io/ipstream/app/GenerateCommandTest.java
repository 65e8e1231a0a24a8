package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpPartitionMap;
import java.nio.file.Files;
import java.nio.file.Path;
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
}

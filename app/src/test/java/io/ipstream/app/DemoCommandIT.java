package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.app.cli.Cli;
import io.ipstream.common.Metric;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code ipstream demo --exit-when-done} end to end: embedded broker, topology, replay, table. */
class DemoCommandIT {
    private static final Path EXAMPLE_FILES = Path.of("..", "example_files");

    @Test
    void shouldPrintTheMeansOfTheExampleFilesAndExitZero() throws IOException {
        // given: the means computed directly from the example files
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        ObjectMapper mapper = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> listing = Files.list(EXAMPLE_FILES)) {
            files = listing.toList();
        }
        for (Path file : files) {
            JsonNode node = mapper.readTree(file.toFile());
            BigDecimal[] ipSums = sums.computeIfAbsent(node.get("src_ip").asText(), ip -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            ipSums[0] = ipSums[0].add(BigDecimal.ONE);
            ipSums[1] = ipSums[1].add(new BigDecimal(node.get(Metric.UNQ_DST_IP.wireName()).asText()));
        }

        // when
        CliRun cli = new CliRun();
        int exit = cli.run("demo", "--data", EXAMPLE_FILES.toString(), "--exit-when-done");

        // then: a row per IP with its count and unq_dst_ip mean to 4 decimals
        assertThat(exit).as(cli.out()).isZero();
        assertThat(sums).hasSize(3);
        sums.forEach((ip, ipSums) -> {
            String mean = ipSums[1].divide(ipSums[0], 4, RoundingMode.HALF_EVEN).toPlainString();
            assertThat(cli.out()).containsPattern("(?m)^" + ip.replace(".", "\\.") + "\\s+" + ipSums[0].toPlainString() + "\\s+" + mean + "\\s");
        });
    }

    @Test
    void shouldRejectMissingDataWithOneLineAndExitCodeTwo() {
        // given
        CliRun cli = new CliRun();

        // when
        int exit = cli.run("demo", "--data", "no/such/dir", "--exit-when-done");

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err().strip()).startsWith("ipstream: --data:").contains("does not exist").doesNotContain("\n");
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.app.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipstream load --validate-only}: reports and exit codes without a broker. */
class LoadCommandTest {
    private static final Path BAD_INPUT = Path.of("src", "test", "resources", "bad-input");

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void shouldReportEveryBadFileWithItsReasonAndExitOne() {
        // when
        int exit = run("load", "--dir", BAD_INPUT.toString(), "--validate-only");

        // then: the extra fields of 4.json are ignored; every other bad file is named with its reason
        assertThat(exit).isEqualTo(Cli.EXIT_FAILURE);
        String report = cli.out();
        assertThat(report).contains("Validated 10 records: 3 valid, 7 rejected (nothing sent)");
        assertThat(report)
                .containsPattern("1 x malformed JSON: .*2\\.json")
                .containsPattern("1 x missing field drop: .*3\\.json")
                .containsPattern("1 x field allow must be a number or a numeric string, got a boolean: .*5\\.json")
                .containsPattern("1 x src_ip '203\\.0\\.113\\.300' is not an IPv4 or IPv6 address.*: .*6\\.json")
                .containsPattern("1 x empty value: .*7\\.json")
                .containsPattern("1 x expected a JSON object, got an array: .*9\\.json")
                .containsPattern("1 x field bytesin is negative: -5: .*10\\.json");
    }

    @Test
    void shouldStopAtTheFirstBadFileWhenStrict() {
        // when
        int exit = run("load", "--dir", BAD_INPUT.toString(), "--validate-only", "--strict");

        // then: numeric file order, so 2.json is the first bad one
        assertThat(exit).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(cli.out()).containsPattern("Stopped at .*2\\.json: malformed JSON")
                .contains("Validated 2 records: 1 valid, 1 rejected");
    }

    @Test
    void shouldAcceptTheExampleFiles() {
        // when
        int exit = run("load", "--dir", Path.of("..", "example_files").toString(), "--validate-only");

        // then
        assertThat(exit).isZero();
        assertThat(cli.out()).contains("Validated 100 records: 100 valid, 0 rejected");
    }

    @Test
    void shouldNameTheLineOfABadJsonLine() throws Exception {
        // given
        String good = Files.readString(BAD_INPUT.resolve("1.json"));
        Path file = Files.writeString(dir.resolve("logs.jsonl"), good + "\n\n" + good.replace("17", "x17") + "\n" + good + "\n");

        // when
        int exit = run("load", "--file", file.toString(), "--validate-only");

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(cli.out()).contains("Validated 3 records: 2 valid, 1 rejected")
                .contains("field allow is not a number: 'x17': " + file + ":3");
    }

    @Test
    void shouldReadAPrettyPrintedSingleObject() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("one.json"), Files.readString(BAD_INPUT.resolve("1.json")).replace(",", ",\n  "));

        // when
        int exit = run("load", "--file", file.toString(), "--validate-only");

        // then
        assertThat(exit).isZero();
        assertThat(cli.out()).contains("Validated 1 records: 1 valid, 0 rejected");
    }

    @Test
    void shouldReadJsonLinesFromStandardInput() throws Exception {
        // given
        String good = Files.readString(BAD_INPUT.resolve("1.json"));
        InputStream previous = System.in;
        System.setIn(new ByteArrayInputStream((good + "\n{\n").getBytes(StandardCharsets.UTF_8)));

        // when
        int exit;
        try {
            exit = run("load", "-", "--validate-only");
        } finally {
            System.setIn(previous);
        }

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(cli.out()).contains("Validated 2 records: 1 valid, 1 rejected").contains("stdin:2");
    }

    @Test
    void shouldRejectACsvRowWithTheWrongNumberOfColumns() throws Exception {
        // given
        Path csv = Files.writeString(dir.resolve("logs.csv"), String.join("\n",
                Files.readAllLines(SeedCsv.LOGS_CSV).subList(0, 3)) + "\n1.2.3.4,5\n");

        // when
        int exit = run("load", "--csv", csv.toString(), "--validate-only");

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(cli.out()).contains("expected 11 columns as in the header, got 2: " + csv + ":4");
    }

    @Test
    void shouldReportAnUnreadableFileOnOneLineWithExitTwo() {
        // when: a directory given where a file is expected
        int exit = run("load", "--file", dir.toString(), "--validate-only");

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err().strip()).startsWith("ipstream: " + dir).doesNotContain("\n");
    }

    @Test
    void shouldOfferTheProgressModesAndRefuseAnUnknownOneWhileParsingWithExitTwo() {
        // when
        int help = run("load", "--help");
        String usage = cli.out();
        CliRun unknown = new CliRun();
        int exit = unknown.run("load", "--csv", SeedCsv.LOGS_CSV.toString(), "--validate-only", "--progress", "sometimes");

        // then
        assertThat(help).isZero();
        assertThat(usage).contains("--progress=auto|bar|lines|none");
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(unknown.err().lines().findFirst()).hasValue("ipstream: --progress: 'sometimes' is not auto, bar, lines or none");
        assertThat(unknown.out()).isEmpty();
    }
}

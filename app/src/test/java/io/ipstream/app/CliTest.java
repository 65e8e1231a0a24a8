package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.app.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Bad arguments and files end in one line naming the problem and a non-zero exit, before any connection. */
class CliTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void shouldListEverySubcommandInHelp() {
        // when
        int exit = run("--help");

        // then
        assertThat(exit).isZero();
        assertThat(cli.out()).contains("kafka", "streams", "load", "generate", "forecasting", "archive", "demo", "bench");
    }

    @Test
    void shouldOfferHelpOnEverySubcommand() {
        for (String command : new String[] {"kafka", "streams", "load", "generate", "forecasting", "archive", "demo", "bench"}) {
            // when
            int exit = run(command, "--help");

            // then
            assertThat(exit).as(command).isZero();
            assertThat(cli.out()).contains("Usage: ipstream " + command);
        }
    }

    @Test
    void shouldNameTheMissingInputOfLoad() {
        // when
        int exit = run("load");

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err()).contains("ipstream: Missing required argument").contains("--dir").contains("--csv")
                .contains("Try 'ipstream load --help'");
    }

    @Test
    void shouldReportAMissingDirectoryOnOneLine() {
        // when
        int exit = run("load", "--dir", dir.resolve("absent").toString());

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err().strip()).isEqualTo("ipstream: " + dir.resolve("absent") + ": no such directory");
    }

    @Test
    void shouldReportAMalformedPartitionMapWithItsLine() throws IOException {
        // given
        Path map = Files.writeString(dir.resolve("map.csv"), "src_ip,partition\n10.0.0.1,0\n10.0.0.2,two\n");

        // when
        int exit = run("load", "--dir", dir.toString(), "--partition-map", map.toString());

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err().strip()).startsWith("ipstream: " + map + " line 3: partition 'two'").doesNotContain("\n");
    }

    @Test
    void shouldRejectAnUnknownZoneBeforeConnecting() {
        // when
        int exit = run("streams", "--bootstrap-servers", "127.0.0.1:1", "--zone", "Mars/Olympus");

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err().strip()).isEqualTo("ipstream: --zone: 'Mars/Olympus' is not a time zone such as UTC or Europe/Istanbul");
    }

    @Test
    void shouldRejectABadDurationAsAUsageError() {
        // when
        int exit = run("streams", "--grace", "soon");

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err()).contains("--grace").contains("'soon' is not a duration");
    }

    @Test
    void shouldRefuseARedisRetentionThatWouldDropPointsBeforeTheyAreArchived() {
        // when: a 3-day cap under the 7-day horizon
        int exit = run("archive", "--once", "--redis-retention", "3d");

        // then: refused before connecting anywhere
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err().strip()).startsWith("ipstream: --redis-retention 3d would drop points before the archive moves them")
                .doesNotContain("\n");
    }

    @Test
    void shouldRejectAJdbcUrlThatIsNotPostgres() {
        // when
        int exit = run("archive", "--once", "--jdbc-url", "jdbc:mysql://127.0.0.1:3306/test");

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err().strip()).isEqualTo("ipstream: --jdbc-url: 'jdbc:mysql://127.0.0.1:3306/test' is not a PostgreSQL "
                + "JDBC URL such as jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    @Test
    void shouldMaskThePasswordOfAJdbcUrlItRejects() {
        // when: a libpq-style URL with its password, a frequent mistake
        int exit = run("archive", "--once", "--jdbc-url", "postgresql://ipstream:s3cret@db:5432/ipstream");

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err()).contains("--jdbc-url: 'postgresql://***@db:5432/ipstream'").doesNotContain("s3cret");
    }

    @Test
    void shouldBindEveryHttpApiToThisMachineOnlyUnlessToldOtherwise() {
        for (String command : List.of("streams", "forecasting", "demo")) {
            // when
            OptionSpec host = Cli.commandLine().getSubcommands().get(command).getCommandSpec().findOption("--http-host");

            // then
            assertThat(host).as(command).isNotNull();
            assertThat(host.defaultValueString(false)).as(command).isEqualTo("${env:IPSTREAM_HTTP_HOST:-127.0.0.1}");
        }
    }

    @Test
    void shouldTakeTheApiTokenFromAFileOrTheEnvironmentNeverFromAFlag() {
        for (String command : List.of("streams", "forecasting", "demo")) {
            // when
            CommandSpec spec = Cli.commandLine().getSubcommands().get(command).getCommandSpec();

            // then: a file's path, since a flag's value shows in the process list
            assertThat(spec.findOption("--api-token-file")).as(command).isNotNull();
            assertThat(spec.findOption("--api-token-file").type()).as(command).isEqualTo(Path.class);
            assertThat(spec.options()).as(command).noneMatch(option -> option.longestName().equals("--api-token")
                    || option.longestName().equals("--token"));
        }
    }

    @Test
    void shouldRefuseATokenFileTooShortWithoutQuotingItBeforeConnecting() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("token"), "tiny-secret\n");

        // when
        int exit = run("streams", "--bootstrap-servers", "127.0.0.1:1", "--http-port", "0", "--api-token-file", file.toString());

        // then
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli.err().strip()).startsWith("ipstream: --api-token-file " + file + ": the API token must be at least 16")
                .doesNotContain("tiny-secret").doesNotContain("\n");
    }
}

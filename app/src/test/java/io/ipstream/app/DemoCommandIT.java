package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.app.cli.Cli;
import io.ipstream.common.Metric;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ipstream demo --exit-when-done} end to end on the seed data: embedded broker, topology,
 * forecasting service against the local Redis and PostgreSQL, replay, training, summary; and the
 * one-line refusals when something it needs is missing.
 */
class DemoCommandIT {
    private static final Pattern FORECAST_STEP =
            Pattern.compile("(?m)^ {4}(\\S+Z) +(-?[0-9.]+) +\\[ *(-?[0-9.]+), *(-?[0-9.]+)]$");

    @Test
    void shouldRunTheWholePipelineOnTheSeedDataAndPrintMeansForecastsAndAnomaliesPerIp() {
        // given: counts and means computed straight from the seed CSV
        SeedCsv seed = SeedCsv.read(SeedCsv.LOGS_CSV);

        // when
        CliRun cli = new CliRun();
        int exit = cli.run("demo", "--data", SeedCsv.LOGS_CSV.toString(), "--exit-when-done", "--http-port", "0", "--streams-http-port", "0");

        // then: a row per IP with its count and unq_dst_ip mean
        assertThat(exit).as(cli.out() + cli.err()).isZero();
        String out = cli.out();
        seed.counts().forEach((ip, count) -> assertThat(out).containsPattern("(?m)^" + Pattern.quote(ip) + "\\s+" + count + "\\s+"
                + String.format(Locale.ROOT, "%.4f", seed.means().get(ip).get(Metric.UNQ_DST_IP)) + "\\s"));

        // and: per IP its anomaly count and the next 8 steps of unq_dst_ip, each forecast inside its interval
        for (String ip : seed.counts().keySet()) {
            String section = section(out, ip);
            assertThat(section).as(ip).containsPattern("^" + Pattern.quote(ip) + ": \\d+ anomalies")
                    .contains("next 8 steps of unq_dst_ip");
            Matcher steps = FORECAST_STEP.matcher(section);
            int found = 0;
            while (steps.find()) {
                double yhat = Double.parseDouble(steps.group(2));
                assertThat(yhat).as(ip + " " + steps.group(1)).isBetween(Double.parseDouble(steps.group(3)), Double.parseDouble(steps.group(4)));
                found++;
            }
            assertThat(found).as(ip + " forecast steps").isEqualTo(8);
        }
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

    @Test
    void shouldStopAtOnceNamingTheAddressWhenRedisOrPostgresIsNotReachable() {
        for (List<String> unreachable : List.of(
                List.of("--redis", "redis://127.0.0.1:1", "Redis at 127.0.0.1:1", "redis-server"),
                List.of("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/postgres", "PostgreSQL at 127.0.0.1:1", "start it"))) {
            // when
            CliRun cli = new CliRun();
            int exit = cli.run("demo", "--data", SeedCsv.LOGS_CSV.toString(), unreachable.get(0), unreachable.get(1), "--exit-when-done", "--http-port", "0", "--streams-http-port", "0");

            // then: one line naming the server and how to start it, before any broker starts
            assertThat(exit).as(cli.err()).isEqualTo(Cli.EXIT_FAILURE);
            assertThat(cli.err().strip()).as(unreachable.get(0)).startsWith("ipstream: ").contains(unreachable.get(2))
                    .contains("not reachable").contains(unreachable.get(3)).doesNotContain("\n");
            assertThat(cli.out()).doesNotContain("Starting an embedded Kafka broker");
        }
    }

    @Test
    void shouldRefuseAPortInUseNamingTheFlagThatPicksAnother() throws IOException {
        // given: a port taken on the address the demo binds to
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // when
            CliRun cli = new CliRun();
            int exit = cli.run("demo", "--data", SeedCsv.LOGS_CSV.toString(), "--exit-when-done", "--http-port", String.valueOf(taken.getLocalPort()), "--streams-http-port", "0");

            // then
            assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
            assertThat(cli.err().strip()).contains("port " + taken.getLocalPort()).contains("in use").contains("--http-port")
                    .doesNotContain("\n");
        }
    }

    /** The summary lines of one IP: from its "ip: N anomalies" line to the next IP's. */
    private static String section(String out, String ip) {
        int start = out.indexOf(ip + ": ");
        assertThat(start).as("summary of " + ip + " in:\n" + out).isNotNegative();
        Matcher next = Pattern.compile("(?m)^\\S+: \\d+ anomalies").matcher(out);
        int end = next.find(start + 1) ? next.start() : out.length();
        return out.substring(start, end);
    }
}

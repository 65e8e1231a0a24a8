package io.ipstream.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The final summary of a load: sent, rejected by reason with where, skipped per checkpoint, elapsed and records/s. */
class LoadReportTest {
    private static final Path SEED = Path.of("..", "data", "logs.csv");

    @TempDir
    Path dir;

    @Test
    void shouldSummariseSentRejectedByReasonSkippedElapsedAndRate() throws Exception {
        // given: the seed's header and first 20 rows, with a bad address on file line 9 and a text count on line 15,
        // resumed after file line 6 (five rows already sent)
        List<String> lines = new ArrayList<>(Files.readAllLines(SEED).subList(0, 21));
        lines.set(8, lines.get(8).replaceFirst("^[^,]+", "300.1.2.3"));
        lines.set(14, lines.get(14).replaceFirst(",\\d+,", ",many,"));
        Path csv = Files.write(dir.resolve("part.csv"), lines);
        RecordSource source = new RecordSources(new IpLogCodec(ZoneOffset.UTC)).csv(csv, "6");

        // when: validated without a broker, then summarised as a sending run would be
        LoadReport report = new Loader(null, null, Pacer.unlimited(), false, Progress.silent()).run(source);
        StringWriter summary = new StringWriter();
        report.print(new PrintWriter(summary), true);

        // then: 15 rows after line 6, 2 of them rejected
        String text = summary.toString();
        assertThat(text).containsPattern("^Sent 13 records to " + Pattern.quote(Topics.IP_LOGS) + ", rejected 2 \\(sent to "
                + Pattern.quote(Topics.IP_LOGS_DLQ) + "\\), skipped 5 already sent"
                + " \\(checkpoint\\) in \\d+\\.\\d s \\(\\d+ records/s\\)\n");
        assertThat(text.lines().skip(1).toList()).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("  1 x ").endsWith(": " + csv + ":9"))
                .anySatisfy(line -> assertThat(line).startsWith("  1 x ").endsWith(": " + csv + ":15"));
        assertThat(report.rejectedByReason()).hasSize(2);
    }
}

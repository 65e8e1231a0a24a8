package io.ipstream.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The progress display on a simulated clock: a bar redrawn in place, a line every few seconds, or nothing. */
class ProgressTest {
    /** The simulated run: 100 records per second, 3,000 records, so 30 s long. */
    private static final long NANOS_PER_RECORD = 10_000_000L;
    private static final int RECORDS = 3000;
    private static final double RECORDS_PER_SECOND = 100;

    private static final Pattern BAR = Pattern.compile(
            "\\[(#*)( *)] ([\\d,]+) records  ([\\d,]+) records/s\\s*(?:ETA (\\d+)s)?\\s*");
    private static final Pattern LINE = Pattern.compile(
            "progress: ([\\d,]+) records, ([\\d,]+) records/s, (\\d+)% (?:ETA (\\d+)s)?");

    private final StringWriter printed = new StringWriter();
    private long now;

    /** Runs the simulated load through a display in {@code mode}, then ends it; returns what it printed. */
    private String run(Progress.Mode mode) {
        Progress progress = new Progress(new PrintWriter(printed), mode, () -> now);
        for (int records = 1; records <= RECORDS; records++) {
            now += NANOS_PER_RECORD;
            progress.update(records, (double) records / RECORDS);
        }
        progress.done();
        return printed.toString();
    }

    @Test
    void shouldRedrawOneBarInPlaceWithRecordsPerSecondAndEta() {
        // when
        String output = run(Progress.Mode.BAR);

        // then: one line, redrawn after carriage returns, ended by a newline for the summary
        assertThat(output).startsWith("\r").endsWith("\n");
        assertThat(output.chars().filter(c -> c == '\n').count()).isOne();
        List<String> frames = List.of(output.substring(1).split("\r"));
        assertThat(frames).hasSizeGreaterThan(10);
        for (String frame : frames) {
            Matcher bar = BAR.matcher(frame);
            assertThat(bar.matches()).as(frame).isTrue();
            long records = number(bar.group(3));
            double fraction = (double) records / RECORDS;
            int width = bar.group(1).length() + bar.group(2).length();
            assertThat((double) bar.group(1).length() / width).as(frame).isCloseTo(fraction, offset(1.0 / width));
            assertThat(number(bar.group(4))).as(frame).isEqualTo((long) RECORDS_PER_SECOND);
            if (records < RECORDS) {
                assertThat(Double.parseDouble(bar.group(5))).as(frame + " ETA").isCloseTo((RECORDS - records) / RECORDS_PER_SECOND, offset(1.0));
            }
        }
    }

    @Test
    void shouldPrintALineEveryFewSecondsWithoutCarriageReturns() {
        // when
        String output = run(Progress.Mode.LINES);

        // then: whole lines, a few seconds of the run apart, each with records/s, percentage and ETA
        assertThat(output).doesNotContain("\r");
        List<Long> recordsAt = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher progress = LINE.matcher(line);
            assertThat(progress.matches()).as(line).isTrue();
            long records = number(progress.group(1));
            recordsAt.add(records);
            assertThat(number(progress.group(2))).as(line).isEqualTo((long) RECORDS_PER_SECOND);
            assertThat(Long.parseLong(progress.group(3))).as(line).isEqualTo(Math.round(100.0 * records / RECORDS));
            if (records < RECORDS) {
                assertThat(Double.parseDouble(progress.group(4))).as(line + " ETA").isCloseTo((RECORDS - records) / RECORDS_PER_SECOND, offset(1.0));
            }
        }
        assertThat(recordsAt).hasSizeBetween(3, 15);
        for (int i = 1; i < recordsAt.size(); i++) {
            double secondsApart = (recordsAt.get(i) - recordsAt.get(i - 1)) / RECORDS_PER_SECOND;
            assertThat(secondsApart).as("seconds between lines").isBetween(2.0, 10.0);
        }
    }

    @Test
    void shouldPrintNothingWhenSilent() {
        // when
        String output = run(Progress.Mode.NONE);

        // then
        assertThat(output).isEmpty();
    }

    private static long number(String grouped) {
        return Long.parseLong(grouped.replace(",", ""));
    }
}

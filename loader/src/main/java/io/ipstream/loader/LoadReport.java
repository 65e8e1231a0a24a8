package io.ipstream.loader;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What a load did: records sent, rejected (by reason, with where), skipped, and how fast. */
public final class LoadReport {
    private static final int EXAMPLES_PER_REASON = 3;

    private final Map<String, List<String>> rejectedByReason = new TreeMap<>();
    private long valid;
    private long skipped;
    private double seconds;
    private InputRecord stoppedAt;

    void valid() {
        valid++;
    }

    void rejected(InputRecord record) {
        rejectedByReason.computeIfAbsent(record.rejection(), reason -> new ArrayList<>()).add(record.origin());
    }

    void finish(long skippedRecords, double elapsedSeconds) {
        this.skipped = skippedRecords;
        this.seconds = elapsedSeconds;
    }

    void stoppedAt(InputRecord record) {
        this.stoppedAt = record;
    }

    /** Valid records (sent to ip-logs unless validating only). */
    public long validCount() {
        return valid;
    }

    public long rejectedCount() {
        return rejectedByReason.values().stream().mapToLong(List::size).sum();
    }

    public long skippedCount() {
        return skipped;
    }

    public Map<String, List<String>> rejectedByReason() {
        return rejectedByReason;
    }

    /** The rejected record that stopped a --strict run, or null. */
    public InputRecord stoppedAt() {
        return stoppedAt;
    }

    public double recordsPerSecond() {
        return seconds > 0 ? (valid + rejectedCount()) / seconds : 0;
    }

    /** The final summary; {@code sending} is false for --validate-only. */
    public void print(PrintWriter out, boolean sending) {
        if (stoppedAt != null) {
            out.printf("Stopped at %s: %s (--strict)%n", stoppedAt.origin(), stoppedAt.rejection());
        }
        if (sending) {
            out.printf(Locale.ROOT, "Sent %d records to ip-logs, rejected %d (sent to ip-logs-dlq), skipped %d already sent"
                            + " (checkpoint) in %.1f s (%.0f records/s)%n",
                    valid, rejectedCount(), skipped, seconds, recordsPerSecond());
        } else {
            out.printf(Locale.ROOT, "Validated %d records: %d valid, %d rejected (nothing sent) in %.1f s%n",
                    valid + rejectedCount(), valid, rejectedCount(), seconds);
        }
        rejectedByReason.forEach((reason, origins) -> {
            List<String> examples = origins.subList(0, Math.min(EXAMPLES_PER_REASON, origins.size()));
            out.printf("  %d x %s: %s%s%n", origins.size(), reason, String.join(", ", examples),
                    origins.size() > examples.size() ? ", ..." : "");
        });
        out.flush();
    }
}

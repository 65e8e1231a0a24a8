package io.ipstream.app.load;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a load did: records sent, and rejected records grouped by reason with where they were. */
public final class LoadReport {
    private static final int EXAMPLES_PER_REASON = 3;

    private long sent;
    private final Map<String, List<String>> rejectedByReason = new TreeMap<>();

    void sent() {
        sent++;
    }

    void rejected(SourceRecord record) {
        rejectedByReason.computeIfAbsent(record.rejection(), reason -> new ArrayList<>()).add(record.origin());
    }

    public long sentCount() {
        return sent;
    }

    public long rejectedCount() {
        return rejectedByReason.values().stream().mapToLong(List::size).sum();
    }

    public Map<String, List<String>> rejectedByReason() {
        return rejectedByReason;
    }

    public void print(PrintWriter out, double seconds) {
        out.printf("Sent %d records to ip-logs, rejected %d (sent to ip-logs-dlq) in %.1f s%n", sent, rejectedCount(), seconds);
        rejectedByReason.forEach((reason, origins) -> {
            List<String> examples = origins.subList(0, Math.min(EXAMPLES_PER_REASON, origins.size()));
            out.printf("  %d x %s: %s%s%n", origins.size(), reason, String.join(", ", examples),
                    origins.size() > examples.size() ? ", ..." : "");
        });
        out.flush();
    }
}

package io.ipstream.topology.window;

import io.ipstream.common.IpStats;
import io.ipstream.common.WindowStats;
import io.ipstream.topology.WindowSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every window is a union of panes: tumbling slices as long as the greatest common divisor of all
 * window sizes and advances (one day for the defaults 1d and 7d/1d). Each record updates one pane
 * and the windows are assembled from panes when they are published or queried, instead of each
 * record updating every window that contains it (seven for 7d/1d), each in its own store.
 * Windows and panes are aligned to the epoch, as Kafka Streams' time windows are.
 */
public record WindowPanes(long paneMillis, List<WindowSpec> windows) {

    public WindowPanes {
        windows = List.copyOf(windows);
    }

    public static WindowPanes of(List<WindowSpec> windows) {
        long pane = 0;
        for (WindowSpec window : windows) {
            pane = gcd(gcd(pane, window.size().toMillis()), window.advance().toMillis());
        }
        return new WindowPanes(Math.max(pane, 1), windows);
    }

    public Duration pane() {
        return Duration.ofMillis(paneMillis);
    }

    public long paneStart(long timestamp) {
        return Math.floorDiv(timestamp, paneMillis) * paneMillis;
    }

    /** Start of the first window of {@code window} that ends after {@code time}. */
    public static long firstStartEndingAfter(WindowSpec window, long time) {
        long advance = window.advance().toMillis();
        return Math.floorDiv(time - window.size().toMillis(), advance) * advance + advance;
    }

    /** Starts of the windows of {@code window} that contain the pane starting at {@code pane}. */
    public List<Long> startsContaining(WindowSpec window, long pane) {
        List<Long> starts = new ArrayList<>();
        long advance = window.advance().toMillis();
        for (long start = Math.max(0, firstStartEndingAfter(window, pane)); start <= pane; start += advance) {
            starts.add(start);
        }
        return starts;
    }

    /**
     * The windows of {@code window} starting within [from, to] that hold at least one record,
     * assembled from one IP's panes (pane start to statistics; it must cover [from, to + size)).
     */
    public List<WindowStats> assemble(WindowSpec window, NavigableMap<Long, IpStats> panes, long from, long to) {
        SortedSet<Long> starts = new TreeSet<>();
        for (long pane : panes.keySet()) {
            for (long start : startsContaining(window, pane)) {
                if (start >= from && start <= to) {
                    starts.add(start);
                }
            }
        }
        long size = window.size().toMillis();
        List<WindowStats> assembled = new ArrayList<>(starts.size());
        for (long start : starts) {
            IpStats stats = IpStats.EMPTY;
            for (IpStats pane : panes.subMap(start, true, start + size, false).values()) {
                stats = stats.merge(pane);
            }
            assembled.add(new WindowStats(window.name(), Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + size), stats));
        }
        return assembled;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}

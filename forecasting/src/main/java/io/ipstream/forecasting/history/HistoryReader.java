package io.ipstream.forecasting.history;

import io.ipstream.forecasting.archive.PointArchive;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.TimeSeriesStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One continuous series per (IP, metric): PostgreSQL's archived past joined to Redis's recent
 * points. Redis is read first: a point the archiver moves meanwhile is committed to PostgreSQL
 * before it leaves Redis, so the later PostgreSQL read still sees it (no gap). A point in both
 * places (between commit and removal) is returned once, with Redis's value, the last written (no overlap).
 */
public final class HistoryReader {
    private final TimeSeriesStore store;
    private final PointArchive archive;

    public HistoryReader(TimeSeriesStore store, PointArchive archive) {
        this.store = store;
        this.archive = archive;
    }

    /**
     * The series' last {@code span} of event time (back from its newest point, in either store),
     * oldest first. Redis is read once, whole (it holds only the recent days), before PostgreSQL.
     */
    public List<Point> last(SeriesKey series, Duration span) {
        List<Point> recent = store.range(series, 0, Long.MAX_VALUE);
        OptionalLong archived = archive.newest(series);
        long newest = Math.max(recent.isEmpty() ? Long.MIN_VALUE : recent.get(recent.size() - 1).timestampMillis(),
                archived.orElse(Long.MIN_VALUE));
        if (newest == Long.MIN_VALUE) {
            return List.of();
        }
        long from = Math.max(0, newest - span.toMillis() + 1);
        return merge(recent.stream().filter(point -> point.timestampMillis() >= from).toList(), archive.range(series, from, newest));
    }

    /** The series' points with timestamps in [from, to], oldest first. */
    public List<Point> read(SeriesKey series, long fromMillis, long toMillis) {
        List<Point> recent = store.range(series, fromMillis, toMillis);
        return merge(recent, archive.range(series, fromMillis, toMillis));
    }

    /** One point per timestamp, Redis's (the last written) where both have one. */
    private static List<Point> merge(List<Point> recent, List<Point> archived) {
        TreeMap<Long, Point> merged = new TreeMap<>();
        archived.forEach(point -> merged.put(point.timestampMillis(), point));
        recent.forEach(point -> merged.put(point.timestampMillis(), point));
        return new ArrayList<>(merged.values());
    }
}

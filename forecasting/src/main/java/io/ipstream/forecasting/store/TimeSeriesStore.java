package io.ipstream.forecasting.store;

import io.ipstream.common.Metric;
import java.util.List;
import java.util.Map;

/**
 * Per-(IP, metric) time series in Redis. A point's identity is (series, timestamp): writing it
 * again replaces it (last write wins), so replays never store a point twice. Series are created on
 * first use with labels {@code srcIP} and {@code dataType} (the old system's names) and the store's
 * retention, counted back from each series' newest point.
 */
public interface TimeSeriesStore extends AutoCloseable {
    /** The labels every series carries. */
    String SRC_IP_LABEL = "srcIP";
    String DATA_TYPE_LABEL = "dataType";

    /** Writes the points, batched; returns once Redis has acknowledged all of them. */
    void add(List<SeriesPoint> points);

    /** The points of one series with timestamps in [from, to], oldest first. */
    List<Point> range(SeriesKey series, long fromMillis, long toMillis);

    /** Every series of one metric (all IPs) with its points in [from, to]. */
    Map<SeriesKey, List<Point>> rangeByMetric(Metric metric, long fromMillis, long toMillis);

    /** Every series of one metric that this store has written. */
    List<SeriesKey> series(Metric metric);

    /**
     * For each series, its points at least {@code ageMillis} older than the series' own newest point;
     * series without such points are left out. Pipelined: for many series at once.
     */
    Map<SeriesKey, List<Point>> olderThanNewest(List<SeriesKey> series, long ageMillis);

    /**
     * Removes exactly these points (not ranges: a point written into a range meanwhile stays) and
     * returns how many were removed. Pipelined.
     */
    long remove(Map<SeriesKey, List<Point>> points);

    /** The labels of a series, or an empty map when it does not exist. */
    Map<String, String> labels(SeriesKey series);

    /** Whether Redis answers now (within a second). */
    boolean reachable();

    /** "RedisTimeSeries" or "sorted sets": what this store runs on. */
    String kind();

    @Override
    void close();
}

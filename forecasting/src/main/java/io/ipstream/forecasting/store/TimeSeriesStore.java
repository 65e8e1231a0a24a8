package io.ipstream.forecasting.store;

import io.ipstream.common.Metric;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

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

    /** The timestamp of the series' newest point, or empty when it has none. */
    OptionalLong newest(SeriesKey series);

    /**
     * Removes exactly these points of one series (not a range: a point written into the range
     * meanwhile stays) and returns how many were removed.
     */
    long remove(SeriesKey series, List<Point> points);

    /** The labels of a series, or an empty map when it does not exist. */
    Map<String, String> labels(SeriesKey series);

    /** "RedisTimeSeries" or "sorted sets": what this store runs on. */
    String kind();

    @Override
    void close();
}

package io.ipstream.common;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Statistics of one source IP over a set of records (all time, or one window): the value of the
 * {@code ip-averages} topic and of the aggregate stores. Metrics are keyed by wire name.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IpStats(String srcIp, long count, Instant firstTimestamp, Instant lastTimestamp,
                      Map<String, MetricStats> metrics) {

    /** No records yet: the aggregation's initial value. */
    public static final IpStats EMPTY = new IpStats(null, 0, null, null, Map.of());

    public IpStats {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public IpStats plus(IpLog log) {
        long newCount = count + 1;
        Map<String, MetricStats> updated = new LinkedHashMap<>();
        for (Metric metric : Metric.ALL) {
            long value = log.value(metric);
            MetricStats previous = metrics.get(metric.wireName());
            updated.put(metric.wireName(), previous == null ? MetricStats.of(value) : previous.plus(value, newCount));
        }
        Instant at = log.timestamp();
        Instant first = firstTimestamp == null || at.isBefore(firstTimestamp) ? at : firstTimestamp;
        Instant last = lastTimestamp == null || at.isAfter(lastTimestamp) ? at : lastTimestamp;
        return new IpStats(log.srcIp(), newCount, first, last, updated);
    }

    /**
     * These statistics and {@code other}'s as one set of records, exactly (sums are integers): how
     * a window is assembled from the statistics of its days.
     */
    public IpStats merge(IpStats other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            return other;
        }
        long newCount = count + other.count;
        Map<String, MetricStats> merged = new LinkedHashMap<>(metrics);
        other.metrics.forEach((name, theirs) -> merged.merge(name, theirs, (mine, added) -> mine.merge(added, newCount)));
        Instant first = other.firstTimestamp.isBefore(firstTimestamp) ? other.firstTimestamp : firstTimestamp;
        Instant last = other.lastTimestamp.isAfter(lastTimestamp) ? other.lastTimestamp : lastTimestamp;
        return new IpStats(srcIp, newCount, first, last, merged);
    }

    public MetricStats metric(Metric metric) {
        return metrics.get(metric.wireName());
    }

    /** The mean of a metric, or NaN before any record. */
    public double mean(Metric metric) {
        MetricStats stats = metric(metric);
        return stats == null ? Double.NaN : stats.mean();
    }
}

package io.ipstream.forecasting.store;

import io.ipstream.common.Metric;

/** Redis key names of the series: {@code <prefix>:<metric>:<ip>}, one layout for both store kinds. */
final class SeriesKeys {
    private final String prefix;

    SeriesKeys(String prefix) {
        if (prefix.isEmpty() || prefix.contains(":")) {
            throw new IllegalArgumentException("the key prefix must be non-empty and without ':', not '" + prefix + "'");
        }
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    String key(SeriesKey series) {
        return prefix + ":" + series.metric().wireName() + ":" + series.srcIp();
    }

    /** The series a key names, or null for a key of another layout. */
    SeriesKey parse(String key) {
        if (!key.startsWith(prefix + ":")) {
            return null;
        }
        String rest = key.substring(prefix.length() + 1);
        int colon = rest.indexOf(':');
        Metric metric = colon < 0 ? null : Metric.fromWireName(rest.substring(0, colon));
        return metric == null ? null : new SeriesKey(rest.substring(colon + 1), metric);
    }

    /** The set of series keys of one metric (sorted sets only; RedisTimeSeries filters by label). */
    String metricIndex(Metric metric) {
        return prefix + ":index:" + metric.wireName();
    }

    String labelsKey(SeriesKey series) {
        return prefix + ":labels:" + series.metric().wireName() + ":" + series.srcIp();
    }
}

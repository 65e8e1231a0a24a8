package io.ipstream.forecasting.history;

import io.ipstream.common.IpAddresses;
import io.ipstream.common.Metric;
import io.ipstream.common.Texts;
import io.ipstream.common.TimeRange;
import io.ipstream.forecasting.store.SeriesKey;

/** A validated request for one series' history over a bounded range. */
public record HistoryQuery(SeriesKey series, TimeRange range) {
    /** Parses the request's texts; throws {@link IllegalArgumentException} whose message is the 400 answer. */
    public static HistoryQuery parse(String ipText, String metricText, String fromText, String toText) {
        return new HistoryQuery(series(ipText, metricText), TimeRange.parse(fromText, toText));
    }

    /** The series a request names by IP and metric; throws {@link IllegalArgumentException} whose message is the 400 answer. */
    public static SeriesKey series(String ipText, String metricText) {
        return new SeriesKey(IpAddresses.parseParameter(ipText), metric(metricText));
    }

    /** The metric a request names; throws {@link IllegalArgumentException} whose message is the 400 answer. */
    public static Metric metric(String metricText) {
        Metric metric = metricText == null ? null : Metric.fromWireName(metricText);
        if (metric == null) {
            throw new IllegalArgumentException("metric must be one of " + Metric.ALL.stream().map(Metric::wireName).toList()
                    + ", not '" + Texts.clip(String.valueOf(metricText)) + "'");
        }
        return metric;
    }
}

package io.ipstream.forecasting.store;

import io.ipstream.common.Metric;

/** One time series: one metric of one source IP. */
public record SeriesKey(String srcIp, Metric metric) {
}

package io.ipstream.forecasting.store;

/** One observation of a series; its identity is (series, timestamp). */
public record Point(long timestampMillis, double value) {
}

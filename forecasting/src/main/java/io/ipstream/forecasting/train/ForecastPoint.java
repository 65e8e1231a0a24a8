package io.ipstream.forecasting.train;

/** One forecast step: when, the point forecast and its interval. */
public record ForecastPoint(long timestampMillis, double yhat, double lower, double upper) {
}

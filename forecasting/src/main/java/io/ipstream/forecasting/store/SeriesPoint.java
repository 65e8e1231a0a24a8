package io.ipstream.forecasting.store;

/** A point together with the series it belongs to, for batched writes. */
public record SeriesPoint(SeriesKey series, Point point) {
}

package io.ipstream.forecasting.backtest;

import io.ipstream.forecasting.store.SeriesKey;

/** One model on one series over the test days: errors, MASE against the series' own scale, interval quality. */
public record SeriesScore(SeriesKey series, double mae, double rmse, double mase, double coverage, double widthOverScale, int forecasts) {
}

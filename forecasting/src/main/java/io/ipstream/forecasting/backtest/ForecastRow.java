package io.ipstream.forecasting.backtest;

import io.ipstream.forecasting.store.SeriesKey;
import java.time.LocalDate;

/** One forecast of one test day: step {@code h} (1 = the day's first observation), actual, forecast, interval. */
public record ForecastRow(String model, SeriesKey series, LocalDate day, long timestampMillis, int h, double y, double yhat,
                          double lo, double hi) {
}

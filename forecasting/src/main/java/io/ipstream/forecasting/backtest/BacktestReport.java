package io.ipstream.forecasting.backtest;

import io.ipstream.forecasting.store.SeriesKey;
import java.time.Duration;
import java.util.List;

/** Every model's scores, the name of the production choice, and what the run covered and took. */
public record BacktestReport(List<ModelScore> models, String selected, int series, int originsPerModel, List<SeriesKey> skipped,
                             Duration elapsed) {
}

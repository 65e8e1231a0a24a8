package io.ipstream.forecasting.backtest;

import io.ipstream.common.Anomaly;
import io.ipstream.forecasting.anomaly.ForecastAnomalies;
import io.ipstream.forecasting.model.History;
import io.ipstream.forecasting.model.Models;
import io.ipstream.forecasting.store.SeriesKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The forecast-based detector over labelled history, as production would have run it each day: the
 * production model fitted on everything before the day forecasts the whole day with its 95%
 * interval (the backtest protocol), and each actual outside its interval is judged as the service
 * judges it.
 */
public final class ForecastDetectorReplay {
    /** What was forecast and what of it was flagged. */
    public record Result(List<ForecastRow> forecasts, List<Anomaly> anomalies, int series) {
    }

    private ForecastDetectorReplay() {
    }

    /** Replays the last {@code days} days of every series; series too short for the protocol are left out. */
    public static Result run(Map<SeriesKey, History> series, int days) throws InterruptedException {
        BacktestSettings settings = new BacktestSettings(days, BacktestSettings.DEFAULT_VALIDATION_DAYS, BacktestSettings.DEFAULT_COVERAGE);
        List<ForecastRow> rows = new ArrayList<>();
        BacktestReport report = new Backtest(settings).run(series, List.of(Models.production()), Models.PRODUCTION, row -> {
            if (row.model().equals(Models.PRODUCTION)) {
                rows.add(row);
            }
        });
        List<Anomaly> anomalies = new ArrayList<>();
        for (ForecastRow row : rows) {
            ForecastAnomalies.judge(row.series(), Instant.ofEpochMilli(row.timestampMillis()), row.y(), row.yhat(), row.lo(), row.hi())
                    .ifPresent(anomalies::add);
        }
        return new Result(rows, anomalies, report.series());
    }
}

package io.ipstream.forecasting.anomaly;

import io.ipstream.common.Anomaly;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.train.ModelRepository.StoredForecast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The forecast-based detector: an actual that arrived for a forecast step and lies outside the
 * step's interval is an anomaly, scored by how far outside it lies in interval widths (1 = one
 * width beyond the bound). A zero-width interval (a series forecast exactly, e.g. silent) counts
 * any difference as one width per unit.
 */
public final class ForecastAnomalies {
    private ForecastAnomalies() {
    }

    public static List<Anomaly> find(SeriesKey series, List<StoredForecast> forecasts, List<Point> actuals) {
        Map<Long, Double> actualAt = new HashMap<>();
        actuals.forEach(point -> actualAt.put(point.timestampMillis(), point.value()));
        List<Anomaly> anomalies = new ArrayList<>();
        for (StoredForecast forecast : forecasts) {
            Double actual = actualAt.get(forecast.ts().toEpochMilli());
            if (actual != null) {
                judge(series, forecast.ts(), actual, forecast.yhat(), forecast.lower(), forecast.upper()).ifPresent(anomalies::add);
            }
        }
        return anomalies;
    }

    /** The anomaly an actual is, if it lies outside its forecast interval [lower, upper]. */
    public static Optional<Anomaly> judge(SeriesKey series, Instant ts, double actual, double yhat, double lower, double upper) {
        if (actual >= lower && actual <= upper) {
            return Optional.empty();
        }
        double outside = actual > upper ? actual - upper : lower - actual;
        double score = upper - lower > 0 ? outside / (upper - lower) : outside;
        return Optional.of(new Anomaly(series.srcIp(), ts, series.metric().wireName(), actual, yhat, score, Anomaly.FORECAST));
    }
}

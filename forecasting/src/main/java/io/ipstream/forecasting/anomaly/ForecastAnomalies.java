package io.ipstream.forecasting.anomaly;

import io.ipstream.common.Anomaly;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.train.ModelRepository.StoredForecast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
            if (actual == null || (actual >= forecast.lower() && actual <= forecast.upper())) {
                continue;
            }
            double width = Math.max(1e-9, forecast.upper() - forecast.lower());
            double outside = actual > forecast.upper() ? actual - forecast.upper() : forecast.lower() - actual;
            double score = forecast.upper() - forecast.lower() > 0 ? outside / width : outside;
            anomalies.add(new Anomaly(series.srcIp(), forecast.ts(), series.metric().wireName(), actual, forecast.yhat(), score,
                    Anomaly.FORECAST));
        }
        return anomalies;
    }
}

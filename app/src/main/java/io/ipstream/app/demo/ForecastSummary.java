package io.ipstream.app.demo;

import io.ipstream.common.Metric;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.train.ModelRepository;
import io.ipstream.forecasting.train.ModelRepository.StoredForecast;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints, per IP, the stored forecast of one metric with its intervals and the anomalies found, by source. */
public final class ForecastSummary {
    private ForecastSummary() {
    }

    public static void print(Collection<String> ips, Metric metric, ModelRepository models, Map<String, Map<String, Long>> anomalies,
                             PrintWriter out) {
        for (String ip : ips) {
            Map<String, Long> found = anomalies.getOrDefault(ip, Map.of());
            long total = found.values().stream().mapToLong(Long::longValue).sum();
            out.printf(Locale.ROOT, "%s: %d anomalies%s%n", ip, total, total == 0 ? "" : " " + found);
            List<StoredForecast> forecasts = models.forecasts(new SeriesKey(ip, metric));
            if (forecasts.isEmpty()) {
                out.printf("  no %s forecast (too little history for a model with intervals)%n", metric.wireName());
                continue;
            }
            out.printf("  next %d steps of %s (%s, 95%% interval):%n", forecasts.size(), metric.wireName(), forecasts.get(0).model());
            for (StoredForecast forecast : forecasts) {
                out.printf(Locale.ROOT, "    %s  %10.2f  [%10.2f, %10.2f]%n", forecast.ts(), forecast.yhat(), forecast.lower(), forecast.upper());
            }
        }
        out.flush();
    }
}

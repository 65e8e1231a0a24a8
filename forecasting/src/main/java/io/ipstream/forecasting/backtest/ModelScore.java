package io.ipstream.forecasting.backtest;

import java.util.List;
import java.util.Map;

/**
 * One model over all series: the mean MASE (the headline), mean interval coverage and mean width
 * over scale, the mean MASE per metric, and each series' score.
 */
public record ModelScore(String model, double meanMase, double coverage, double widthOverScale, Map<String, Double> perMetricMase,
                         List<SeriesScore> series) {
}

package io.ipstream.forecasting.backtest;

import java.util.Arrays;
import java.util.List;

/**
 * Prediction intervals from out-of-sample residuals (actual - forecast) of earlier origins: the
 * empirical quantiles at (1 - coverage) / 2 and (1 + coverage) / 2, added to the point forecast,
 * cut at zero. Residuals are pooled over the horizons of a day: per-horizon pools of 10-30 days
 * made the 2.5% quantile the minimum of a handful of values (measured: worse coverage).
 */
final class Intervals {
    private Intervals() {
    }

    /** [lower offset, upper offset] from the residuals; [0, 0] when there are none yet. */
    static double[] offsets(List<Double> residuals, double coverage) {
        if (residuals.isEmpty()) {
            return new double[] {0, 0};
        }
        double[] sorted = residuals.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new double[] {quantile(sorted, (1 - coverage) / 2), quantile(sorted, (1 + coverage) / 2)};
    }

    /** Linear interpolation between order statistics (type 7, as numpy and R default). */
    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}

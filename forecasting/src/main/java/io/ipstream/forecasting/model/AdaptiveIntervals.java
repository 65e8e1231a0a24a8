package io.ipstream.forecasting.model;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Prediction intervals from out-of-sample residuals (actual - forecast) of earlier days, with
 * adaptive conformal inference (Gibbs and Candes, 2021): the quantile level moves after every day,
 * wider when the day's actuals fell outside more often than the target, narrower when less. The
 * residuals of the last {@code windowDays} days are pooled over the day's horizons. Measured on the
 * seed data (docs/FORECASTING.md): plain residual quantiles covered 0.93 overall but only 0.90 on the
 * IPs that were active, because level shifts make yesterday's errors understate tomorrow's.
 */
public final class AdaptiveIntervals {
    private static final double STEP = 0.05;
    private static final double MIN_ALPHA = 0.001;
    private static final double MAX_ALPHA = 0.5;

    private final double targetAlpha;
    private final int window;
    private final Deque<double[]> days = new ArrayDeque<>();
    private double alpha;

    /** Intervals aiming at {@code coverage} (0.95), from the residuals of the last {@code windowDays} days. */
    public AdaptiveIntervals(double coverage, int windowDays) {
        this.targetAlpha = 1 - coverage;
        this.window = windowDays;
        this.alpha = targetAlpha;
    }

    /** {lower, upper} per step of {@code forecast}, cut at zero; the forecast itself while no residual is known. */
    public double[][] bounds(double[] forecast) {
        double[] residuals = pooled();
        double[] lower = new double[forecast.length];
        double[] upper = new double[forecast.length];
        double a = Math.min(MAX_ALPHA, Math.max(MIN_ALPHA, alpha));
        double below = residuals.length == 0 ? 0 : quantile(residuals, a / 2);
        double above = residuals.length == 0 ? 0 : quantile(residuals, 1 - a / 2);
        for (int j = 0; j < forecast.length; j++) {
            lower[j] = Math.max(0, forecast[j] + below);
            upper[j] = Math.max(lower[j], forecast[j] + above);
        }
        return new double[][] {lower, upper};
    }

    /** A day's actuals arrived: adapt the level to how often they fell outside, and keep the residuals. */
    public void observe(double[] forecast, double[] actual) {
        if (!days.isEmpty()) {
            double[][] interval = bounds(forecast);
            int missed = 0;
            for (int j = 0; j < actual.length; j++) {
                missed += actual[j] < interval[0][j] || actual[j] > interval[1][j] ? 1 : 0;
            }
            alpha += STEP * (targetAlpha - missed / (double) actual.length);
        }
        double[] residuals = new double[actual.length];
        for (int j = 0; j < actual.length; j++) {
            residuals[j] = actual[j] - forecast[j];
        }
        days.addLast(residuals);
        while (days.size() > window) {
            days.removeFirst();
        }
    }

    private double[] pooled() {
        double[] all = days.stream().flatMapToDouble(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    /** Linear interpolation between order statistics (type 7, as numpy and R by default). */
    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}

package io.ipstream.forecasting.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The last values of a history, enough for models that read the same slot on earlier days; beyond
 * a day ahead they read their own forecasts, appended as they go.
 */
final class SeasonalTail implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] values;
    private final int season;

    private SeasonalTail(double[] values, int season) {
        this.values = values;
        this.season = season;
    }

    /** The last {@code length} values of the history (all of them when shorter). */
    static SeasonalTail of(History history, int length) {
        double[] all = history.values();
        return new SeasonalTail(Arrays.copyOfRange(all, Math.max(0, all.length - length), all.length), history.season());
    }

    int season() {
        return season;
    }

    /** The tail with room for {@code steps} forecasts after it. */
    double[] extended(int steps) {
        return Arrays.copyOf(values, values.length + steps);
    }

    int size() {
        return values.length;
    }

    double lastOrZero() {
        return values.length == 0 ? 0 : values[values.length - 1];
    }

    static double[] forecasts(double[] extended, int tailSize) {
        return Arrays.copyOfRange(extended, tailSize, extended.length);
    }

    static double median(double[] values, int count) {
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}

package io.ipstream.forecasting.model;

import java.util.Arrays;

/** Helpers of the models that read the same slot on earlier days, their own forecasts included beyond a day ahead. */
final class SeasonalLags {
    private SeasonalLags() {
    }

    /** The history's values with room for {@code steps} forecasts after them. */
    static double[] extended(History history, int steps) {
        return Arrays.copyOf(history.values(), history.size() + steps);
    }

    /** The forecasts: what follows the first {@code n} values. */
    static double[] tail(double[] extended, int n) {
        return Arrays.copyOfRange(extended, n, extended.length);
    }

    static double lastOrZero(History history) {
        return history.size() == 0 ? 0 : history.values()[history.size() - 1];
    }

    static double median(double[] values, int count) {
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}

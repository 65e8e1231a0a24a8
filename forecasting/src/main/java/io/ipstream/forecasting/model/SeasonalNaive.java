package io.ipstream.forecasting.model;

/**
 * The value of the same slot one day, or one week of active days, of observations earlier.
 * Baseline, and the fallback for short histories.
 */
public final class SeasonalNaive implements Forecaster {
    private final boolean weekly;

    private SeasonalNaive(boolean weekly) {
        this.weekly = weekly;
    }

    /** Same slot, previous day. */
    public static SeasonalNaive day() {
        return new SeasonalNaive(false);
    }

    /** Same slot, same weekday a week earlier (a week of the calendar's active days). */
    public static SeasonalNaive week() {
        return new SeasonalNaive(true);
    }

    @Override
    public String name() {
        return weekly ? "seasonal_naive_week" : "seasonal_naive_day";
    }

    @Override
    public double[] forecast(History history, long[] future) {
        int lag = (weekly ? history.calendar().activeDaysPerWeek() : 1) * history.season();
        double[] extended = SeasonalLags.extended(history, future.length);
        int n = history.size();
        for (int j = 0; j < future.length; j++) {
            extended[n + j] = n + j - lag >= 0 ? extended[n + j - lag] : SeasonalLags.lastOrZero(history);
        }
        return SeasonalLags.tail(extended, n);
    }
}

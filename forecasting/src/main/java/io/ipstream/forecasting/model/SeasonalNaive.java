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
    public FittedModel fit(History history) {
        int lag = (weekly ? history.calendar().activeDaysPerWeek() : 1) * history.season();
        return new Fitted(name(), SeasonalTail.of(history, lag), lag);
    }

    private record Fitted(String name, SeasonalTail tail, int lag) implements FittedModel {
        @Override
        public double[] forecast(long[] future) {
            double[] extended = tail.extended(future.length);
            int n = tail.size();
            for (int j = 0; j < future.length; j++) {
                extended[n + j] = n + j - lag >= 0 ? extended[n + j - lag] : tail.lastOrZero();
            }
            return SeasonalTail.forecasts(extended, n);
        }
    }
}

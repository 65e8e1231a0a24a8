package io.ipstream.forecasting.model;

/**
 * The median of the same slot over the last {@code days} days. Robust to a single wild day (an
 * episode of 10x activity moves the median little) and quick to follow a level shift.
 */
public final class SeasonalMedian implements Forecaster {
    private final int days;

    public SeasonalMedian(int days) {
        this.days = days;
    }

    @Override
    public String name() {
        return "seasonal_median_" + days + "d";
    }

    @Override
    public FittedModel fit(History history) {
        return new Fitted(name(), SeasonalTail.of(history, days * history.season()), days);
    }

    private record Fitted(String name, SeasonalTail tail, int days) implements FittedModel {
        @Override
        public double[] forecast(long[] future) {
            int season = tail.season();
            double[] extended = tail.extended(future.length);
            int n = tail.size();
            double[] sameSlot = new double[days];
            for (int j = 0; j < future.length; j++) {
                int count = 0;
                for (int k = 1; k <= days && n + j - k * season >= 0; k++) {
                    sameSlot[count++] = extended[n + j - k * season];
                }
                extended[n + j] = count == 0 ? tail.lastOrZero() : SeasonalTail.median(sameSlot, count);
            }
            return SeasonalTail.forecasts(extended, n);
        }
    }
}

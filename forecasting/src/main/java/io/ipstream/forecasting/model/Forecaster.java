package io.ipstream.forecasting.model;

/** A forecasting model: fitted on a history, it forecasts the observations that follow. */
public interface Forecaster {
    /** The model's name in reports and in the database. */
    String name();

    /** The model fitted on {@code history}: everything it needs to forecast what follows, serialisable. */
    FittedModel fit(History history);

    /**
     * Point forecasts for the next {@code future.length} observations after {@code history}, at the
     * given times; never negative (every metric is a count).
     */
    default double[] forecast(History history, long[] future) {
        return fit(history).forecast(future);
    }
}

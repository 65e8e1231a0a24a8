package io.ipstream.forecasting.model;

import java.util.Arrays;

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

    /**
     * Forecasts from several origins of one history, as the trainer's rolling validation asks for
     * them, origins in increasing order. By default every origin is a fit of its own.
     */
    default RollingForecasts rolling(History history) {
        return (origin, end) -> forecast(history.head(origin), Arrays.copyOfRange(history.timestamps(), origin, end));
    }
}

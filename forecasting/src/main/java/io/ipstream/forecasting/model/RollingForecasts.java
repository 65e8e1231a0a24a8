package io.ipstream.forecasting.model;

/** Forecasts of stretches of one history, each from the observations before it (see {@link Forecaster#rolling}). */
@FunctionalInterface
public interface RollingForecasts {
    /** Point forecasts of observations [origin, end) of the history, from observations [0, origin). */
    double[] forecast(int origin, int end);
}

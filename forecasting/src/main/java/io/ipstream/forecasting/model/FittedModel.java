package io.ipstream.forecasting.model;

import java.io.Serializable;

/**
 * A model fitted on a history, holding the state it forecasts from (parameters, the recent values
 * it reads). Serialisable, so the trainer stores it in PostgreSQL and a reader gets the same
 * forecasts back.
 */
public interface FittedModel extends Serializable {
    /** The model's name. */
    String name();

    /** Point forecasts for the observations at {@code future}, the next ones after the fitted history; never negative. */
    double[] forecast(long[] future);
}

package io.ipstream.forecasting.train;

import io.ipstream.forecasting.model.FittedModel;
import io.ipstream.forecasting.store.SeriesKey;
import java.time.Instant;
import java.util.List;

/**
 * One series trained: the fitted model, how it did on the validation days (MASE against the
 * series' own seasonal-naive scale, interval coverage; NaN when the history was too short to
 * validate), and its forecasts.
 */
public record TrainedSeries(SeriesKey series, String kind, Instant trainedAt, int observations, double validationMase,
                            double validationCoverage, FittedModel model, List<ForecastPoint> forecasts) {
}

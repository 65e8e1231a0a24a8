package io.ipstream.forecasting.train;

import io.ipstream.forecasting.model.AdaptiveIntervals;
import io.ipstream.forecasting.model.Days;
import io.ipstream.forecasting.model.FittedModel;
import io.ipstream.forecasting.model.Forecaster;
import io.ipstream.forecasting.model.History;
import io.ipstream.forecasting.model.RollingForecasts;
import io.ipstream.forecasting.store.SeriesKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains one series: rolling-origin day-ahead validation over its last days (each day forecast
 * from the days before it, see {@link Forecaster#rolling}), which scores the model and calibrates
 * the intervals; then the model fitted on the whole history forecasts the next steps of the series'
 * calendar.
 */
public final class SeriesTrainer {
    private final Forecaster forecaster;
    private final TrainerSettings settings;

    public SeriesTrainer(Forecaster forecaster, TrainerSettings settings) {
        this.forecaster = forecaster;
        this.settings = settings;
    }

    public TrainedSeries train(SeriesKey series, History history, Instant now) {
        List<Integer> dayStarts = Days.starts(history);
        int firstValidation = Math.max(1, dayStarts.size() - settings.validationDays());
        int season = history.season();
        AdaptiveIntervals intervals = new AdaptiveIntervals(settings.coverage(), settings.validationDays());
        double absolute = 0;
        int inside = 0;
        int count = 0;
        boolean validated = dayStarts.size() > 2 && dayStarts.get(firstValidation) > season;
        if (validated) {
            RollingForecasts rolling = forecaster.rolling(history);
            for (int d = firstValidation; d < dayStarts.size(); d++) {
                int origin = dayStarts.get(d);
                int end = d + 1 < dayStarts.size() ? dayStarts.get(d + 1) : history.size();
                double[] forecast = rolling.forecast(origin, end);
                double[] actual = Arrays.copyOfRange(history.values(), origin, end);
                double[][] bounds = intervals.bounds(forecast);
                for (int j = 0; j < actual.length; j++) {
                    absolute += Math.abs(actual[j] - forecast[j]);
                    inside += actual[j] >= bounds[0][j] && actual[j] <= bounds[1][j] ? 1 : 0;
                    count++;
                }
                intervals.observe(forecast, actual);
            }
        }
        FittedModel model = forecaster.fit(history);
        long last = history.size() == 0 ? now.toEpochMilli() : history.timestamps()[history.size() - 1];
        // Without validated residuals there is no honest interval: no forecasts until the series has the days for one.
        long[] future = validated ? history.calendar().after(last, settings.horizon()) : new long[0];
        double[] forecast = model.forecast(future);
        double[][] bounds = intervals.bounds(forecast);
        List<ForecastPoint> points = new ArrayList<>(future.length);
        for (int j = 0; j < future.length; j++) {
            points.add(new ForecastPoint(future[j], forecast[j], bounds[0][j], bounds[1][j]));
        }
        double scale = validated ? Days.naiveScale(history.values(), dayStarts.get(firstValidation), season) : Double.NaN;
        return new TrainedSeries(series, forecaster.name(), now, history.size(),
                validated && count > 0 ? absolute / count / scale : Double.NaN,
                validated && count > 0 ? inside / (double) count : Double.NaN, model, points);
    }
}

package io.ipstream.forecasting.backtest;

import io.ipstream.forecasting.model.AdaptiveIntervals;
import io.ipstream.forecasting.model.Days;
import io.ipstream.forecasting.model.Forecaster;
import io.ipstream.forecasting.model.History;
import io.ipstream.forecasting.model.MedianEnsemble;
import io.ipstream.forecasting.store.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The backtest protocol. Per series (one IP and metric, values in observation order; a day is one
 * calendar day of the data): the last {@code testDays} days are the test period; for each, every
 * model is fitted on all observations before it and forecasts all of that day's observations
 * (rolling origin, day-ahead, re-estimated at every origin). MASE divides the test MAE by the mean
 * |y_t - y_{t-s}| over the training data before the first test day, s = observations per day.
 * Intervals come from the residuals of the origins before (the {@code validationDays} before the
 * test period, then the test days already past), by {@link AdaptiveIntervals}. Series run in
 * parallel, one per core.
 */
public final class Backtest {
    /** Days of residuals the intervals pool. */
    private static final int INTERVAL_WINDOW_DAYS = 30;
    /** Days of out-of-sample error the selection ablation compares members on. */
    private static final int SELECTION_WINDOW_DAYS = 10;
    /** Name prefix of the selection ablation of an ensemble. */
    public static final String SELECTION_PREFIX = "best_member_of_";

    private final BacktestSettings settings;

    public Backtest(BacktestSettings settings) {
        this.settings = settings;
    }

    /**
     * Runs {@code models} over {@code series}; ensembles reuse their members' forecasts. {@code rows}
     * receives every test forecast, series by series in the map's order.
     */
    public BacktestReport run(Map<SeriesKey, History> series, List<Forecaster> models, String selected, Consumer<ForecastRow> rows)
            throws InterruptedException {
        long started = System.nanoTime();
        Set<Forecaster> computed = new LinkedHashSet<>();
        for (Forecaster model : models) {
            if (model instanceof MedianEnsemble ensemble) {
                computed.addAll(ensemble.members());
            } else {
                computed.add(model);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        Map<SeriesKey, Future<SeriesRun>> runs = new LinkedHashMap<>();
        try {
            series.forEach((key, history) -> runs.put(key, pool.submit(() -> runSeries(key, history, List.copyOf(computed), models))));
            List<SeriesKey> skipped = new ArrayList<>();
            Map<String, List<SeriesScore>> scores = new LinkedHashMap<>();
            int origins = 0;
            for (Map.Entry<SeriesKey, Future<SeriesRun>> entry : runs.entrySet()) {
                SeriesRun run = entry.getValue().get();
                if (run == null) {
                    skipped.add(entry.getKey());
                    continue;
                }
                origins += settings.testDays();
                run.scores().forEach((model, score) -> scores.computeIfAbsent(model, m -> new ArrayList<>()).add(score));
                run.rows().forEach(rows);
            }
            List<ModelScore> modelScores = new ArrayList<>();
            scores.forEach((model, perSeries) -> modelScores.add(summarise(model, perSeries)));
            return new BacktestReport(modelScores, selected, series.size() - skipped.size(), origins, skipped,
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (ExecutionException e) {
            throw new IllegalStateException("the backtest failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record SeriesRun(Map<String, SeriesScore> scores, List<ForecastRow> rows) {
    }

    /** All origins of one series for every model; null when the series is too short for the protocol. */
    private SeriesRun runSeries(SeriesKey key, History history, List<Forecaster> computed, List<Forecaster> reported) {
        List<Integer> dayStarts = Days.starts(history);
        int days = dayStarts.size();
        int firstTest = days - settings.testDays();
        int firstOrigin = firstTest - settings.validationDays();
        int season = history.season();
        if (firstOrigin < 2 || dayStarts.get(firstTest) <= season) {
            return null;
        }
        double scale = Days.naiveScale(history.values(), dayStarts.get(firstTest), season);
        Map<Forecaster, double[][]> forecasts = new LinkedHashMap<>();
        for (Forecaster model : computed) {
            double[][] byDay = new double[days][];
            for (int d = firstOrigin; d < days; d++) {
                int origin = dayStarts.get(d);
                byDay[d] = model.forecast(history.head(origin), java.util.Arrays.copyOfRange(history.timestamps(), origin, end(dayStarts, d, history)));
            }
            forecasts.put(model, byDay);
        }
        Map<String, SeriesScore> scores = new LinkedHashMap<>();
        List<ForecastRow> rows = new ArrayList<>();
        for (Forecaster model : reported) {
            double[][] byDay = forecasts.containsKey(model) ? forecasts.get(model) : ensemble((MedianEnsemble) model, forecasts, firstOrigin, days);
            scores.put(model.name(), score(key, model.name(), history, dayStarts, firstOrigin, firstTest, byDay, scale, rows));
            if (model instanceof MedianEnsemble ensemble) {
                String name = SELECTION_PREFIX + ensemble.name();
                double[][] selected = selection(ensemble, forecasts, history, dayStarts, firstOrigin);
                scores.put(name, score(key, name, history, dayStarts, firstOrigin, firstTest, selected, scale, rows));
            }
        }
        return new SeriesRun(scores, rows);
    }

    /**
     * The ablation of the median: at each origin, the member whose forecasts of the last
     * {@value #SELECTION_WINDOW_DAYS} days (out of sample) had the smallest absolute error.
     */
    private static double[][] selection(MedianEnsemble ensemble, Map<Forecaster, double[][]> forecasts, History history,
                                        List<Integer> dayStarts, int firstOrigin) {
        double[][] byDay = new double[dayStarts.size()][];
        for (int d = firstOrigin; d < dayStarts.size(); d++) {
            Forecaster best = ensemble.members().get(0);
            double bestError = Double.MAX_VALUE;
            for (Forecaster member : ensemble.members()) {
                double error = 0;
                for (int past = Math.max(firstOrigin, d - SELECTION_WINDOW_DAYS); past < d; past++) {
                    double[] forecast = forecasts.get(member)[past];
                    for (int j = 0; j < forecast.length; j++) {
                        error += Math.abs(history.values()[dayStarts.get(past) + j] - forecast[j]);
                    }
                }
                if (error < bestError) {
                    bestError = error;
                    best = member;
                }
            }
            byDay[d] = forecasts.get(best)[d];
        }
        return byDay;
    }

    private static double[][] ensemble(MedianEnsemble ensemble, Map<Forecaster, double[][]> forecasts, int firstOrigin, int days) {
        double[][] byDay = new double[days][];
        for (int d = firstOrigin; d < days; d++) {
            double[][] members = new double[ensemble.members().size()][];
            for (int m = 0; m < members.length; m++) {
                members[m] = forecasts.get(ensemble.members().get(m))[d];
            }
            byDay[d] = MedianEnsemble.combine(members, members[0].length);
        }
        return byDay;
    }

    private SeriesScore score(SeriesKey key, String model, History history, List<Integer> dayStarts, int firstOrigin, int firstTest,
                              double[][] byDay, double scale, List<ForecastRow> rows) {
        double[] y = history.values();
        AdaptiveIntervals intervals = new AdaptiveIntervals(settings.coverage(), INTERVAL_WINDOW_DAYS);
        double absolute = 0;
        double squared = 0;
        double width = 0;
        int inside = 0;
        int count = 0;
        for (int d = firstOrigin; d < dayStarts.size(); d++) {
            int origin = dayStarts.get(d);
            double[] forecast = byDay[d];
            double[] actual = java.util.Arrays.copyOfRange(y, origin, origin + forecast.length);
            if (d >= firstTest) {
                double[][] bounds = intervals.bounds(forecast);
                LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(history.timestamps()[origin]), history.calendar().zone());
                for (int j = 0; j < forecast.length; j++) {
                    double lo = bounds[0][j];
                    double hi = bounds[1][j];
                    absolute += Math.abs(actual[j] - forecast[j]);
                    squared += (actual[j] - forecast[j]) * (actual[j] - forecast[j]);
                    width += hi - lo;
                    inside += actual[j] >= lo && actual[j] <= hi ? 1 : 0;
                    count++;
                    rows.add(new ForecastRow(model, key, day, history.timestamps()[origin + j], j + 1, actual[j], forecast[j], lo, hi));
                }
            }
            intervals.observe(forecast, actual);
        }
        double mae = absolute / count;
        return new SeriesScore(key, mae, Math.sqrt(squared / count), mae / scale, inside / (double) count, width / count / scale, count);
    }

    private static ModelScore summarise(String model, List<SeriesScore> series) {
        Map<String, List<Double>> byMetric = new TreeMap<>();
        double mase = 0;
        double coverage = 0;
        double width = 0;
        for (SeriesScore score : series) {
            mase += score.mase();
            coverage += score.coverage();
            width += score.widthOverScale();
            byMetric.computeIfAbsent(score.series().metric().wireName(), m -> new ArrayList<>()).add(score.mase());
        }
        Map<String, Double> perMetric = new LinkedHashMap<>();
        byMetric.forEach((metric, values) -> perMetric.put(metric, values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        int n = Math.max(1, series.size());
        return new ModelScore(model, mase / n, coverage / n, width / n, perMetric, series);
    }

    private static int end(List<Integer> dayStarts, int d, History history) {
        return d + 1 < dayStarts.size() ? dayStarts.get(d + 1) : history.size();
    }
}

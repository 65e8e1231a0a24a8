package io.ipstream.app.bench;

import io.ipstream.common.IpLog;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.backtest.Backtest;
import io.ipstream.forecasting.backtest.BacktestReport;
import io.ipstream.forecasting.backtest.BacktestSettings;
import io.ipstream.forecasting.backtest.Histories;
import io.ipstream.forecasting.model.Forecaster;
import io.ipstream.forecasting.model.History;
import io.ipstream.forecasting.model.Models;
import io.ipstream.forecasting.model.SeasonalNaive;
import io.ipstream.forecasting.model.SeriesCalendar;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.train.SeriesTrainer;
import io.ipstream.forecasting.train.TrainedSeries;
import io.ipstream.forecasting.train.TrainerSettings;
import io.ipstream.loader.generate.Generator;
import io.ipstream.loader.generate.GeneratorConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Training as the forecasting service does it (per series: {@link SeriesTrainer} with the
 * production ensemble, i.e. rolling-origin validation of every member, interval calibration, the
 * final fit and the forecasts, on one thread per core) against the same trainer with the cheapest
 * model alone, the day-ahead seasonal naive, on the same series. The difference is what the models
 * cost; the trainer's storage work (reading the history, saving models and forecasts to PostgreSQL)
 * is not part of either. Then the backtest protocol once over the first {@value #BACKTEST_SERIES}
 * of the series, every model the backtest reports, its time extrapolated to all of them. Histories are generated in memory: {@value #DAYS} calendar days of business
 * hours of one metric per IP, cut to the trainer's history span as the service reads it.
 */
public final class TrainBenchmark implements Benchmark {
    private static final int DAYS = 150;
    private static final LocalDate START = LocalDate.of(2022, 1, 3);
    private static final Metric METRIC = Metric.UNQ_DST_IP;
    /** Issue 8: 10,000 IPs x 1 metric trained within 300 s on 2 cores. */
    private static final int TARGET_SERIES = 10_000;
    private static final double TARGET_SECONDS = 300;
    /** Series of the untimed warm-up (JIT compilation), so a large run does not pay for a whole extra pass. */
    private static final int WARM_UP_SERIES = 50;
    /** Series the backtest runs on: it refits every model at each of 30 origins, about a second per series here. */
    private static final int BACKTEST_SERIES = 300;

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        TrainerSettings settings = new TrainerSettings(List.of(METRIC), TrainerSettings.DEFAULT_HORIZON, TrainerSettings.DEFAULT_HISTORY,
                TrainerSettings.DEFAULT_VALIDATION_DAYS, TrainerSettings.DEFAULT_COVERAGE, Runtime.getRuntime().availableProcessors(),
                ZoneOffset.UTC);
        Map<SeriesKey, History> generated = histories(context);
        Map<SeriesKey, History> recent = new LinkedHashMap<>();
        generated.forEach((key, history) -> recent.put(key, recent(history, settings)));
        int series = recent.size();
        context.say("bench train: %,d series (%,d generated IPs x 1 metric, %s), %d calendar days of business hours, the last %d days"
                        + " trained (%,d observations per series on average), %d threads, %d rounds",
                series, context.ips(), METRIC.wireName(), DAYS, settings.history().toDays(), observations(recent) / series,
                settings.threads(), context.rounds());
        Forecaster cheapest = SeasonalNaive.day();
        Forecaster production = Models.production();
        Map<SeriesKey, History> warmUp = first(recent, WARM_UP_SERIES);
        context.say("  warm-up on %,d series: %s %.1f s, %s %.1f s (not counted)", warmUp.size(),
                cheapest.name(), train(cheapest, settings, warmUp), production.name(), train(production, settings, warmUp));
        Samples baseline = new Samples();
        Samples ours = new Samples();
        for (int round = 1; round <= context.rounds(); round++) {
            double baselineSeconds = train(cheapest, settings, recent);
            double oursSeconds = train(production, settings, recent);
            baseline.add(series / baselineSeconds);
            ours.add(series / oursSeconds);
            context.say("  round %d: %s alone %.1f s (%,.1f series/s), all models %.1f s (%,.1f series/s)", round,
                    cheapest.name(), baselineSeconds, series / baselineSeconds, oursSeconds, series / oursSeconds);
        }
        Map<String, Object> report = Samples.report(context, cheapest.name() + " alone", baseline, "all models (" + production.name() + ")",
                ours, "series/s", series);
        double oursSeconds = series / ours.median();
        double projected = TARGET_SERIES / ours.median();
        context.say("target: %,d series in < %.0f s on 2 cores: %s (%.0f s projected from %,d series at %,.1f series/s on %d cores)",
                TARGET_SERIES, TARGET_SECONDS, projected < TARGET_SECONDS ? "met" : "NOT met", projected, series, ours.median(),
                Runtime.getRuntime().availableProcessors());
        Map<SeriesKey, History> backtested = first(generated, BACKTEST_SERIES);
        BacktestReport backtest = new Backtest(new BacktestSettings(BacktestSettings.DEFAULT_TEST_DAYS, BacktestSettings.DEFAULT_VALIDATION_DAYS,
                BacktestSettings.DEFAULT_COVERAGE)).run(backtested, Models.backtested(), Models.PRODUCTION, row -> { });
        double backtestSeconds = backtest.elapsed().toMillis() / 1000.0;
        double backtestRate = backtest.series() / backtestSeconds;
        context.say("backtest protocol on %,d of the series (all %d days, %d models reported, %d day-ahead origins each): %.1f s"
                        + " (%,.1f series/s; %.0f s for all %,d series at that rate)", backtest.series(), DAYS, backtest.models().size(),
                backtest.originsPerModel() / Math.max(1, backtest.series()), backtestSeconds, backtestRate, series / backtestRate, series);
        if (!backtest.skipped().isEmpty()) {
            throw new IllegalStateException("the backtest skipped " + backtest.skipped().size() + " series as too short");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("series", series);
        result.put("metric", METRIC.wireName());
        result.put("days", DAYS);
        result.put("threads", settings.threads());
        result.put("ours_seconds", Math.round(oursSeconds * 100) / 100.0);
        result.put("ours_series_per_s", Math.round(ours.median() * 10) / 10.0);
        result.put("baseline_series_per_s", Math.round(baseline.median() * 10) / 10.0);
        result.put("ratio", report.get("ratio"));
        result.put("projected_seconds_for_target", Math.round(projected));
        result.put("target_met", projected < TARGET_SECONDS);
        result.put("backtest_series", backtest.series());
        result.put("backtest_seconds", backtestSeconds);
        result.put("backtest_seconds_all_series", Math.round(series / backtestRate));
        result.put("baseline_samples", baseline.values());
        result.put("ours_samples", ours.values());
        return result;
    }

    /** One history of {@link #METRIC} per generated IP, the whole {@value #DAYS} days, as the backtest reads records. */
    private static Map<SeriesKey, History> histories(BenchContext context) {
        Generator generator = new Generator(GeneratorConfig.of(context.ips(), DAYS, START, ZoneOffset.UTC, 1, 0), context.templates(),
                Set.of());
        List<IpLog> logs = new ArrayList<>();
        generator.forEachRemaining(generated -> logs.add(generated.log()));
        return Histories.of(logs, List.of(METRIC), ZoneOffset.UTC);
    }

    /**
     * The series as the service's trainer sees it: its last {@code settings.history()} of event time
     * back from the newest point (as {@code HistoryReader.last} reads it), the calendar learned from those.
     */
    private static History recent(History history, TrainerSettings settings) {
        long[] timestamps = history.timestamps();
        long from = timestamps[timestamps.length - 1] - settings.history().toMillis() + 1;
        int first = 0;
        while (timestamps[first] < from) {
            first++;
        }
        long[] kept = Arrays.copyOfRange(timestamps, first, timestamps.length);
        return new History(kept, Arrays.copyOfRange(history.values(), first, history.size()), SeriesCalendar.learn(kept, settings.zone()));
    }

    /**
     * Seconds to train every series with {@code forecaster}, one series per task on the trainer's
     * thread count, as the service's round does; fails unless every series got its forecasts.
     */
    private static double train(Forecaster forecaster, TrainerSettings settings, Map<SeriesKey, History> series) throws Exception {
        SeriesTrainer trainer = new SeriesTrainer(forecaster, settings);
        Instant now = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        try {
            long start = System.nanoTime();
            List<Future<TrainedSeries>> results = new ArrayList<>();
            series.forEach((key, history) -> results.add(pool.submit(() -> trainer.train(key, history, now))));
            int forecast = 0;
            for (Future<TrainedSeries> result : results) {
                forecast += result.get().forecasts().size() == settings.horizon() ? 1 : 0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (forecast != series.size()) {
                throw new IllegalStateException(forecaster.name() + " forecast " + forecast + " of " + series.size() + " series");
            }
            return seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<SeriesKey, History> first(Map<SeriesKey, History> series, int count) {
        Map<SeriesKey, History> first = new LinkedHashMap<>();
        for (Map.Entry<SeriesKey, History> entry : series.entrySet()) {
            if (first.size() == count) {
                break;
            }
            first.put(entry.getKey(), entry.getValue());
        }
        return first;
    }

    private static long observations(Map<SeriesKey, History> series) {
        return series.values().stream().mapToLong(History::size).sum();
    }
}

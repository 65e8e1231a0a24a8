package io.ipstream.forecasting.train;

import io.ipstream.common.Anomaly;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.anomaly.AnomalySink;
import io.ipstream.forecasting.anomaly.ForecastAnomalies;
import io.ipstream.forecasting.history.HistoryReader;
import io.ipstream.forecasting.model.Forecaster;
import io.ipstream.forecasting.model.History;
import io.ipstream.forecasting.model.SeriesCalendar;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.TimeSeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training round: every IP this instance is responsible for, every configured metric, on a
 * bounded pool. Each series is read whole from the history (PostgreSQL and Redis), cut to the
 * configured history, trained by {@link SeriesTrainer} and stored, replacing the previous model
 * and forecasts. Before that, the actuals that arrived for the previous forecasts are checked
 * against their intervals (the forecast-based anomaly detector). A series that fails is logged and
 * counted; the round goes on.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TimeSeriesStore store;
    private final HistoryReader history;
    private final ModelRepository repository;
    private final SeriesTrainer seriesTrainer;
    private final TrainerSettings settings;
    private final Clock clock;
    private final AnomalySink anomalies;

    /** {@code anomalies} receives, per series, the actuals that fell outside the previous round's forecast intervals. */
    public Trainer(TimeSeriesStore store, HistoryReader history, ModelRepository repository, Forecaster forecaster,
                   TrainerSettings settings, Clock clock, AnomalySink anomalies) {
        this.store = store;
        this.history = history;
        this.repository = repository;
        this.seriesTrainer = new SeriesTrainer(forecaster, settings);
        this.settings = settings;
        this.clock = clock;
        this.anomalies = anomalies;
    }

    /** Trains the IPs {@code responsible} accepts (all of them for a one-shot run; the owned partitions' in a service). */
    public TrainingRun runOnce(Predicate<String> responsible) throws InterruptedException {
        long started = System.nanoTime();
        Set<String> ips = new TreeSet<>();
        for (Metric metric : settings.metrics()) {
            store.series(metric).stream().map(SeriesKey::srcIp).filter(responsible).forEach(ips::add);
        }
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        int trained = 0;
        int failed = 0;
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (String ip : ips) {
                results.add(pool.submit(() -> trainIp(ip)));
            }
            for (Future<int[]> result : results) {
                try {
                    trained += result.get()[0];
                    failed += result.get()[1];
                } catch (ExecutionException e) {
                    failed += settings.metrics().size();
                    LOG.warn("Training failed: {}", e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        TrainingRun run = new TrainingRun(ips, trained, failed, Duration.ofNanos(System.nanoTime() - started));
        LOG.info("Trained {} series of {} IPs ({} failed) in {} ms", run.trained(), ips.size(), run.failed(), run.elapsed().toMillis());
        return run;
    }

    /** Trains and stores every metric of one IP; returns how many succeeded and how many failed. */
    private int[] trainIp(String ip) {
        int ok = 0;
        int failed = 0;
        for (Metric metric : settings.metrics()) {
            SeriesKey series = new SeriesKey(ip, metric);
            try {
                List<Point> recent = history.last(series, settings.history());
                if (recent.isEmpty()) {
                    continue;
                }
                long[] timestamps = recent.stream().mapToLong(Point::timestampMillis).toArray();
                double[] values = recent.stream().mapToDouble(Point::value).toArray();
                History seriesHistory = new History(timestamps, values, SeriesCalendar.learn(timestamps, settings.zone()));
                // A sink failure fails the series before its forecasts are replaced: next round checks them again.
                List<Anomaly> found = ForecastAnomalies.find(series, repository.forecasts(series), recent);
                if (!found.isEmpty()) {
                    anomalies.found(found);
                }
                repository.save(seriesTrainer.train(series, seriesHistory, clock.instant()));
                ok++;
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("Training {} {} failed: {}", ip, metric.wireName(), e.getMessage());
                LOG.debug("Training failure", e);
            }
        }
        return new int[] {ok, failed};
    }
}

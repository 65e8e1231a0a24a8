package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.train.TrainerSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What the trainer fits and forecasts. */
public final class TrainOptions {
    @Option(names = "--train-metrics", paramLabel = "M1,M2", split = ",", defaultValue = "${env:IPSTREAM_TRAIN_METRICS:-all}",
            description = "Metrics to train, or all (env IPSTREAM_TRAIN_METRICS; default ${DEFAULT-VALUE}).")
    List<String> metrics;

    @Option(names = "--horizon", paramLabel = "STEPS", defaultValue = "${env:IPSTREAM_HORIZON:-" + TrainerSettings.DEFAULT_HORIZON + "}",
            description = "Observations ahead to forecast, on each series' own calendar (env IPSTREAM_HORIZON; default ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--train-history", paramLabel = "DURATION", defaultValue = "${env:IPSTREAM_TRAIN_HISTORY:-90d}",
            converter = DurationConverter.class,
            description = "History each series is trained on, back from its newest point (env IPSTREAM_TRAIN_HISTORY; default ${DEFAULT-VALUE}).")
    Duration history;

    @Option(names = "--train-threads", paramLabel = "N", defaultValue = "${env:IPSTREAM_TRAIN_THREADS:-0}",
            description = "Series trained at once; 0: one per core (env IPSTREAM_TRAIN_THREADS; default ${DEFAULT-VALUE}).")
    int threads;

    TrainerSettings settings(ZoneId zone) {
        List<Metric> chosen = new ArrayList<>();
        for (String name : metrics) {
            if (name.strip().equals("all")) {
                chosen = Metric.ALL;
                break;
            }
            Metric metric = Metric.fromWireName(name.strip());
            if (metric == null) {
                throw new ConfigError("--train-metrics: '" + name + "' is not all or one of " + Metric.ALL.stream().map(Metric::wireName).toList());
            }
            chosen.add(metric);
        }
        try {
            return new TrainerSettings(chosen, horizon, history, TrainerSettings.DEFAULT_VALIDATION_DAYS, TrainerSettings.DEFAULT_COVERAGE,
                    threads == 0 ? Runtime.getRuntime().availableProcessors() : threads, zone);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("--horizon, --train-history and --train-threads must be positive");
        }
    }
}

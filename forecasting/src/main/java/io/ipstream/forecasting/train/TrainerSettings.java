package io.ipstream.forecasting.train;

import io.ipstream.common.Metric;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What the trainer fits and forecasts: which metrics, how many steps ahead (of the series' own
 * calendar), how much history it reads, how many days it validates on, the interval coverage, and
 * how many series it fits at once, and the zone whose days and hours the calendar is learned in.
 */
public record TrainerSettings(List<Metric> metrics, int horizon, Duration history, int validationDays, double coverage, int threads,
                              ZoneId zone) {
    public static final int DEFAULT_HORIZON = 8;
    public static final Duration DEFAULT_HISTORY = Duration.ofDays(90);
    public static final int DEFAULT_VALIDATION_DAYS = 10;
    public static final double DEFAULT_COVERAGE = 0.95;

    public TrainerSettings {
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty() || horizon < 1 || history.toDays() < 1 || validationDays < 1 || threads < 1
                || coverage <= 0 || coverage >= 1) {
            throw new IllegalArgumentException("the trainer needs metrics, a positive horizon, history, validation days and threads,"
                    + " and a coverage within (0, 1)");
        }
    }

    /** All nine metrics, 8 steps, 90 days, 10 validation days, 95%, one thread per core, UTC. */
    public static TrainerSettings defaults() {
        return new TrainerSettings(Metric.ALL, DEFAULT_HORIZON, DEFAULT_HISTORY, DEFAULT_VALIDATION_DAYS, DEFAULT_COVERAGE,
                Runtime.getRuntime().availableProcessors(), ZoneOffset.UTC);
    }
}

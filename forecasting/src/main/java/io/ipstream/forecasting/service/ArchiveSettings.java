package io.ipstream.forecasting.service;

import java.time.Duration;

/** How much event time each series keeps in Redis, how often the archive runs, and its batch size in points. */
public record ArchiveSettings(Duration horizon, Duration interval, int batchPoints) {
    public static final Duration DEFAULT_HORIZON = Duration.ofDays(7);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
    public static final int DEFAULT_BATCH_POINTS = 50_000;
}

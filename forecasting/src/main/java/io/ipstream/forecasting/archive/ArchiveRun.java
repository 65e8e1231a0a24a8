package io.ipstream.forecasting.archive;

import java.time.Duration;

/**
 * What one archive pass did: series looked at, points copied to PostgreSQL (of which {@code rowsChanged}
 * were new or changed there; the rest were already archived), points then removed from Redis.
 */
public record ArchiveRun(long series, long pointsArchived, long rowsChanged, long pointsTrimmed, Duration elapsed) {
    public double rowsPerSecond() {
        return pointsArchived / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
}

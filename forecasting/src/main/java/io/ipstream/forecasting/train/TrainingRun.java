package io.ipstream.forecasting.train;

import java.time.Duration;

/** What one training round did: series trained and stored, series that failed (logged), how long it took. */
public record TrainingRun(int trained, int failed, Duration elapsed) {
}

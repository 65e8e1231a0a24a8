package io.ipstream.forecasting.train;

import java.time.Duration;
import java.util.Set;

/** What one training round did: the IPs it trained, series trained and stored, series that failed (logged), how long it took. */
public record TrainingRun(Set<String> ips, int trained, int failed, Duration elapsed) {
    public TrainingRun {
        ips = Set.copyOf(ips);
    }
}

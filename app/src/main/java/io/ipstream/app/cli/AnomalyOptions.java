package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import io.ipstream.topology.anomaly.AnomalySettings;
import picocli.CommandLine.Option;

/** The streaming anomaly detector's knobs, shared by {@code streams}, {@code demo} and {@code backtest-anomalies}. */
public final class AnomalyOptions {
    @Option(names = "--anomaly-threshold", paramLabel = "Z", defaultValue = "${env:IPSTREAM_ANOMALY_THRESHOLD:-4}",
            description = "Standard deviations (log scale) from its hour's usual value that make a value anomalous "
                    + "(env IPSTREAM_ANOMALY_THRESHOLD; default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--anomaly-min-history", paramLabel = "N", defaultValue = "${env:IPSTREAM_ANOMALY_MIN_HISTORY:-10}",
            description = "Values an hour of the day must have seen before it judges (env IPSTREAM_ANOMALY_MIN_HISTORY; default ${DEFAULT-VALUE}).")
    int minHistory;

    @Option(names = "--anomaly-min-std", paramLabel = "S", defaultValue = "${env:IPSTREAM_ANOMALY_MIN_STD:-0.25}",
            description = "Smallest standard deviation (log scale) assumed, so quiet hours do not flag every small change "
                    + "(env IPSTREAM_ANOMALY_MIN_STD; default ${DEFAULT-VALUE}).")
    double minStd;

    @Option(names = "--anomaly-adapt-after", paramLabel = "N", defaultValue = "${env:IPSTREAM_ANOMALY_ADAPT_AFTER:-8}",
            description = "Anomalies in a row after which an hour accepts the new level as normal "
                    + "(env IPSTREAM_ANOMALY_ADAPT_AFTER; default ${DEFAULT-VALUE}).")
    int adaptAfter;

    AnomalySettings settings() {
        try {
            return new AnomalySettings(threshold, minHistory, minStd, adaptAfter);
        } catch (IllegalArgumentException e) {
            throw new ConfigError(e.getMessage());
        }
    }
}

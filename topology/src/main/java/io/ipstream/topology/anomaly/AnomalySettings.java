package io.ipstream.topology.anomaly;

/**
 * The streaming detector's knobs: how many standard deviations (on log1p of the value) make an
 * anomaly, how many earlier values a slot needs before it judges, the smallest standard deviation
 * it assumes (quiet slots would otherwise flag every small change), and after how many anomalies
 * in a row a slot accepts the new level as normal.
 */
public record AnomalySettings(double threshold, int minHistory, double minStdDev, int adaptAfter) {
    public static final AnomalySettings DEFAULTS = new AnomalySettings(4, 10, 0.25, 8);

    public AnomalySettings {
        if (threshold <= 0 || minHistory < 2 || minStdDev <= 0 || adaptAfter < 1) {
            throw new IllegalArgumentException("--anomaly-threshold and --anomaly-min-std must be positive, --anomaly-min-history at least 2"
                    + " and --anomaly-adapt-after at least 1");
        }
    }
}

package io.ipstream.topology.anomaly;

import io.ipstream.common.Metric;

/**
 * What one slot of the day (e.g. 14:00) of one IP usually looks like, per metric: a running count,
 * mean and sum of squared deviations (Welford) of log1p(value), and how many anomalies in a row
 * the slot has seen. Mutable: the detector updates it in place, then the store keeps it.
 */
public record SlotBaseline(long[] count, double[] mean, double[] m2, int[] streak) {
    public static SlotBaseline empty() {
        int metrics = Metric.ALL.size();
        return new SlotBaseline(new long[metrics], new double[metrics], new double[metrics], new int[metrics]);
    }

    void learn(int metric, double x) {
        count[metric]++;
        double delta = x - mean[metric];
        mean[metric] += delta / count[metric];
        m2[metric] += delta * (x - mean[metric]);
        streak[metric] = 0;
    }

    void restartAt(int metric, double x) {
        count[metric] = 0;
        mean[metric] = 0;
        m2[metric] = 0;
        learn(metric, x);
    }

    double stdDev(int metric) {
        return count[metric] < 2 ? 0 : Math.sqrt(m2[metric] / (count[metric] - 1));
    }
}

package io.ipstream.topology.anomaly;

import io.ipstream.common.Anomaly;
import io.ipstream.common.IpLog;
import io.ipstream.common.Metric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The streaming detector: a value is anomalous when log1p(value) lies at least {@code threshold}
 * standard deviations from what its slot of the day usually holds for that IP and metric. Robust by
 * construction: the log scale tames heavy tails; the standard deviation has a floor; and an
 * anomalous value does not teach the slot, so a burst or a level shift keeps being flagged instead
 * of becoming the norm, until it has lasted {@code adaptAfter} values in a row (a new regime: the
 * slot starts over from it).
 */
public final class SlotAnomalyDetector {
    private final AnomalySettings settings;

    public SlotAnomalyDetector(AnomalySettings settings) {
        this.settings = settings;
    }

    /** Judges the record's nine values against {@code baseline} (updated in place) and returns the anomalies. */
    public List<Anomaly> judge(IpLog log, SlotBaseline baseline) {
        List<Anomaly> anomalies = new ArrayList<>(0);
        for (int m = 0; m < Metric.ALL.size(); m++) {
            Metric metric = Metric.ALL.get(m);
            double value = log.value(metric);
            double x = Math.log1p(value);
            if (baseline.count()[m] < settings.minHistory()) {
                baseline.learn(m, x);
                continue;
            }
            double std = Math.max(settings.minStdDev(), baseline.stdDev(m));
            double z = (x - baseline.mean()[m]) / std;
            if (Math.abs(z) < settings.threshold()) {
                baseline.learn(m, x);
                continue;
            }
            anomalies.add(new Anomaly(log.srcIp(), Instant.ofEpochMilli(log.timestampMillis()), metric.wireName(), value,
                    Math.expm1(baseline.mean()[m]), Math.abs(z), Anomaly.STREAMING));
            baseline.streak()[m]++;
            if (baseline.streak()[m] >= settings.adaptAfter()) {
                baseline.restartAt(m, x);
            }
        }
        return anomalies;
    }
}

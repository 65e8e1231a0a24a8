package io.ipstream.loader.generate;

import io.ipstream.common.Metric;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What one real IP typically does at each time of day when it is active, on the log1p scale: per
 * metric the median and a robust spread (1.4826 x the median absolute deviation), and one
 * correlation shared by all pairs of metrics. Medians and MADs ignore the IP's own rare extremes (an
 * episode of 10x activity); silent records (all nine metrics zero, e.g. the seed IP that goes quiet
 * for 70 days) are left out, as being away is not how an IP typically behaves. A labelled data set
 * must contain neither unlabelled.
 */
public final class TypicalBehaviour {
    /** Spread below which a time of day counts as constant; keeps draws from collapsing onto one value. */
    private static final double MIN_SPREAD = 0.05;
    /**
     * Spread above which draws (and anomalies sized in spreads) would leave physical sense: the
     * seed's noisiest hour spreads 5.2 (a factor 180 per standard deviation), where a 3-sigma draw
     * is a million times the median and a 10-sigma anomaly overflows a long. One is a factor e.
     */
    private static final double MAX_SPREAD = 1.0;
    /** Residuals are clipped to this many spreads before the correlation, so extremes do not drive it. */
    private static final double CLIP = 3;

    private final Map<LocalTime, double[]> medians;
    private final Map<LocalTime, double[]> spreads;
    private final double correlation;

    private TypicalBehaviour(Map<LocalTime, double[]> medians, Map<LocalTime, double[]> spreads, double correlation) {
        this.medians = medians;
        this.spreads = spreads;
        this.correlation = correlation;
    }

    /** Learns each time of day from all of the template's observations at that time, any weekday. */
    public static TypicalBehaviour of(Template template) {
        Map<LocalTime, List<long[]>> byTime = new HashMap<>();
        template.forEachObservation((at, values) -> {
            if (Arrays.stream(values).anyMatch(v -> v != 0)) {
                byTime.computeIfAbsent(at.toLocalTime(), t -> new ArrayList<>()).add(values);
            }
        });
        Map<LocalTime, double[]> medians = new HashMap<>();
        Map<LocalTime, double[]> spreads = new HashMap<>();
        List<double[]> residuals = new ArrayList<>();
        byTime.forEach((time, observations) -> {
            int metrics = Metric.ALL.size();
            double[] median = new double[metrics];
            double[] spread = new double[metrics];
            for (int m = 0; m < metrics; m++) {
                double[] logs = new double[observations.size()];
                for (int i = 0; i < logs.length; i++) {
                    logs[i] = Math.log1p(observations.get(i)[m]);
                }
                double centre = median(logs);
                double[] deviations = Arrays.stream(logs).map(x -> Math.abs(x - centre)).toArray();
                median[m] = centre;
                spread[m] = Math.min(MAX_SPREAD, Math.max(MIN_SPREAD, 1.4826 * median(deviations)));
            }
            medians.put(time, median);
            spreads.put(time, spread);
            for (long[] values : observations) {
                double[] residual = new double[metrics];
                for (int m = 0; m < metrics; m++) {
                    residual[m] = Math.max(-CLIP, Math.min(CLIP, (Math.log1p(values[m]) - median[m]) / spread[m]));
                }
                residuals.add(residual);
            }
        });
        return new TypicalBehaviour(medians, spreads, Math.max(0, Math.min(1, meanPairwiseCorrelation(residuals))));
    }

    /** Whether the IP is ever active at {@code time}; a time with only silent records has no typical record. */
    public boolean activeAt(LocalTime time) {
        return medians.containsKey(time);
    }

    /**
     * One record at {@code time} (where {@link #activeAt}), scaled by {@code scale}: log-normal around
     * the median, metrics correlated through one shared factor.
     */
    public long[] draw(LocalTime time, double scale, SplittableRandom random) {
        double[] median = medians.get(time);
        double[] spread = spreads.get(time);
        double shared = random.nextGaussian();
        long[] counts = new long[median.length];
        for (int m = 0; m < median.length; m++) {
            double z = Math.sqrt(correlation) * shared + Math.sqrt(1 - correlation) * random.nextGaussian();
            counts[m] = Math.max(0, Math.round(Math.expm1(median[m] + spread[m] * z) * scale));
        }
        return counts;
    }

    /** The spread of each metric at {@code time}, on the log1p scale. */
    public double[] spread(LocalTime time) {
        return spreads.get(time);
    }

    double correlation() {
        return correlation;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double meanPairwiseCorrelation(List<double[]> rows) {
        int metrics = Metric.ALL.size();
        double[] mean = new double[metrics];
        rows.forEach(row -> {
            for (int m = 0; m < metrics; m++) {
                mean[m] += row[m] / rows.size();
            }
        });
        double[][] covariance = new double[metrics][metrics];
        for (double[] row : rows) {
            for (int a = 0; a < metrics; a++) {
                for (int b = 0; b < metrics; b++) {
                    covariance[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]);
                }
            }
        }
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < metrics; a++) {
            for (int b = a + 1; b < metrics; b++) {
                double denominator = Math.sqrt(covariance[a][a] * covariance[b][b]);
                sum += denominator == 0 ? 0 : covariance[a][b] / denominator;
                pairs++;
            }
        }
        return sum / pairs;
    }
}

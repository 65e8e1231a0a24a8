package io.ipstream.app.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Repeated measurements of one variant: median and spread. */
public final class Samples {
    private final List<Double> values = new ArrayList<>();

    public void add(double value) {
        values.add(value);
    }

    public double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return sorted().get(0);
    }

    public double max() {
        return sorted().get(values.size() - 1);
    }

    public List<Double> values() {
        return List.copyOf(values);
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }

    /**
     * Prints both variants' medians and spread and the ratio of ours to the baseline, and returns
     * the JSON figures: {@code items}, {@code unit}, {@code baseline_rps}, {@code ours_rps}, {@code ratio} and the samples.
     */
    public static Map<String, Object> report(BenchContext context, String baselineName, Samples baseline, String oursName, Samples ours,
                                             String unit, long items) {
        double ratio = ours.median() / baseline.median();
        context.say("%s: median %s %s (min %s, max %s)", baselineName, figure(baseline.median()), unit, figure(baseline.min()),
                figure(baseline.max()));
        context.say("%s: median %s %s (min %s, max %s)", oursName, figure(ours.median()), unit, figure(ours.min()), figure(ours.max()));
        context.say("ratio (%s / %s, medians): %s", oursName, baselineName, ratioText(ratio));
        // Each round's own ratio too: the two variants of a round ran back to back, so drift between
        // rounds (the JIT, the machine's other load) cancels out of it.
        Samples perRound = new Samples();
        for (int i = 0; i < Math.min(ours.values().size(), baseline.values().size()); i++) {
            perRound.add(ours.values().get(i) / baseline.values().get(i));
        }
        context.say("ratio per round: %s (median %s)",
                String.join(" ", perRound.values().stream().map(Samples::ratioText).toList()), ratioText(perRound.median()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", items);
        result.put("unit", unit);
        result.put("baseline_rps", Math.round(baseline.median()));
        result.put("ours_rps", Math.round(ours.median()));
        result.put("ratio", rounded(ratio));
        result.put("median_round_ratio", rounded(perRound.median()));
        result.put("baseline_samples", baseline.values());
        result.put("ours_samples", ours.values());
        return result;
    }

    private static String ratioText(double ratio) {
        return ratio >= 0.1 ? String.format(Locale.ROOT, "%.2f", ratio) : String.format(Locale.ROOT, "%.2g", ratio);
    }

    /** Three decimals, or three significant digits for a ratio below 0.1 (which three decimals would round to 0.0). */
    private static double rounded(double ratio) {
        return ratio >= 0.1 ? Math.round(ratio * 1000) / 1000.0 : new BigDecimal(ratio).round(new MathContext(3)).doubleValue();
    }

    /** Whole numbers with separators from 100 up; below that three significant digits (a few series per second, say). */
    private static String figure(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3g", value);
    }
}

package io.ipstream.topology.anomaly;

import io.ipstream.common.Anomaly;
import io.ipstream.common.IpLog;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays records through the streaming detector as the topology runs it (in the order given, one
 * baseline per IP and hour of the day, a repeated (src_ip, timestamp) judged once as the dedupe
 * lets it through once) and scores what it flags against ground truth.
 */
public final class AnomalyReplay {
    /** One judged value: an IP's metric at one timestamp. */
    public record ValueKey(String srcIp, long timestampMillis, String metric) {
    }

    /** Precision, recall and F1 over values, and the recall of each kind of labelled anomaly. */
    public record Score(int flagged, int labelled, double precision, double recall, double f1, Map<String, double[]> recallByKind) {
    }

    private AnomalyReplay() {
    }

    /** The values the detector flags in {@code logs}, taken in the order given (a partition's order). */
    public static Set<ValueKey> flag(List<IpLog> logs, AnomalySettings settings, ZoneId zone) {
        SlotAnomalyDetector detector = new SlotAnomalyDetector(settings);
        Map<String, SlotBaseline> baselines = new HashMap<>();
        Set<ValueKey> flagged = new HashSet<>();
        Set<String> seen = new HashSet<>();
        logs.stream().filter(log -> seen.add(log.srcIp() + "|" + log.timestampMillis())).forEach(log -> {
            SlotBaseline baseline = baselines.computeIfAbsent(SlotKeys.of(log.srcIp(), log.timestampMillis(), zone), k -> SlotBaseline.empty());
            detector.judge(log, baseline).forEach(anomaly -> flagged.add(key(anomaly)));
        });
        return flagged;
    }

    /** The value an anomaly flags. */
    public static ValueKey key(Anomaly anomaly) {
        return new ValueKey(anomaly.srcIp(), anomaly.timestamp().toEpochMilli(), anomaly.metric());
    }

    /**
     * @param truth each labelled value and its kind
     * @return the score; recallByKind maps a kind to {recall, found, labelled}
     */
    public static Score score(Set<ValueKey> flagged, Map<ValueKey, String> truth) {
        long truePositives = flagged.stream().filter(truth::containsKey).count();
        double precision = flagged.isEmpty() ? 0 : truePositives / (double) flagged.size();
        double recall = truth.isEmpty() ? 0 : truePositives / (double) truth.size();
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        Map<String, double[]> byKind = new TreeMap<>();
        truth.forEach((key, kind) -> {
            double[] counts = byKind.computeIfAbsent(kind, k -> new double[3]);
            counts[1] += flagged.contains(key) ? 1 : 0;
            counts[2]++;
            counts[0] = counts[1] / counts[2];
        });
        return new Score(flagged.size(), truth.size(), precision, recall, f1, byKind);
    }
}

package io.ipstream.app.cli;

import io.ipstream.common.Anomaly;
import io.ipstream.common.ConfigError;
import io.ipstream.common.EventTimes;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Json;
import io.ipstream.loader.InputRecord;
import io.ipstream.loader.RecordSources;
import io.ipstream.topology.anomaly.AnomalySettings;
import io.ipstream.topology.anomaly.SlotAnomalyDetector;
import io.ipstream.topology.anomaly.SlotBaseline;
import io.ipstream.topology.anomaly.SlotKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream backtest-anomalies}: labelled records through the detector, scored against the labels. */
@Command(name = "backtest-anomalies", mixinStandardHelpOptions = true,
        description = "Replay labelled records (from ipstream generate --anomaly-rate) through the streaming anomaly detector, "
                + "in time order as the topology sees them, and print precision, recall and F1 against the labels "
                + "(src_ip,timestamp,metric,kind), overall and recall per kind. One flag = one (IP, timestamp, metric).")
public final class BacktestAnomaliesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ZoneOption zone;

    @Option(names = "--records", paramLabel = "FILE|DIR", required = true, description = "The records (JSON Lines, CSV or a directory).")
    Path records;

    @Option(names = "--labels", paramLabel = "FILE", required = true, description = "The ground truth: src_ip,timestamp,metric,kind.")
    Path labels;

    @Option(names = "--json", description = "Also print the result as one JSON object on the last line.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ZoneId zoneId = zone.zoneId();
        Map<String, String> truth = readLabels(ProjectFiles.resolve(labels), new EventTimes(zoneId));
        List<IpLog> logs = RecordSources.readAll(new RecordSources(new IpLogCodec(zoneId)).open(ProjectFiles.resolve(records), null))
                .stream().filter(InputRecord::isValid).map(InputRecord::log)
                .sorted(Comparator.comparingLong(IpLog::timestampMillis)).toList();
        SlotAnomalyDetector detector = new SlotAnomalyDetector(AnomalySettings.DEFAULTS);
        Map<String, SlotBaseline> baselines = new HashMap<>();
        Set<String> flagged = new HashSet<>();
        for (IpLog log : logs) {
            SlotBaseline baseline = baselines.computeIfAbsent(SlotKeys.of(log.srcIp(), log.timestampMillis(), zoneId), k -> SlotBaseline.empty());
            for (Anomaly anomaly : detector.judge(log, baseline)) {
                flagged.add(key(anomaly.srcIp(), anomaly.timestamp().toEpochMilli(), anomaly.metric()));
            }
        }
        long truePositives = flagged.stream().filter(truth::containsKey).count();
        double precision = flagged.isEmpty() ? 0 : truePositives / (double) flagged.size();
        double recall = truth.isEmpty() ? 0 : truePositives / (double) truth.size();
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        Map<String, long[]> byKind = new TreeMap<>();
        truth.forEach((key, kind) -> {
            long[] counts = byKind.computeIfAbsent(kind, k -> new long[2]);
            counts[0]++;
            counts[1] += flagged.contains(key) ? 1 : 0;
        });
        PrintWriter out = spec.commandLine().getOut();
        out.printf("backtest-anomalies: %,d records, %,d labelled anomalies, %,d flagged by the streaming detector%n",
                logs.size(), truth.size(), flagged.size());
        out.printf("streaming: precision %.3f, recall %.3f, F1 %.3f%n", precision, recall, f1);
        byKind.forEach((kind, counts) -> out.printf("  recall of %-12s %.3f (%,d of %,d)%n", kind, counts[1] / (double) counts[0], counts[1], counts[0]));
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("records", logs.size());
            result.put("labels", truth.size());
            Map<String, Object> streaming = new LinkedHashMap<>();
            streaming.put("flagged", flagged.size());
            streaming.put("precision", precision);
            streaming.put("recall", recall);
            streaming.put("f1", f1);
            result.put("streaming", streaming);
            out.println(Json.MAPPER.writeValueAsString(result));
        }
        out.flush();
        return 0;
    }

    /** (ip, timestamp, metric) to kind. */
    private static Map<String, String> readLabels(Path file, EventTimes times) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigError("--labels: cannot read " + file + " (" + e.getMessage() + ")");
        }
        Map<String, String> truth = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            if (cells.length != 4) {
                throw new ConfigError(file + " line " + (i + 1) + ": expected src_ip,timestamp,metric,kind");
            }
            try {
                truth.put(key(cells[0], times.parseMillis(cells[1]), cells[2]), cells[3]);
            } catch (IllegalArgumentException e) {
                throw new ConfigError(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return truth;
    }

    private static String key(String ip, long timestampMillis, String metric) {
        return ip + "," + timestampMillis + "," + metric;
    }
}

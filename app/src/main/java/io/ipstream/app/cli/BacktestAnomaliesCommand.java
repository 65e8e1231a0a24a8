package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import io.ipstream.common.EventTimes;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.backtest.ForecastDetectorReplay;
import io.ipstream.forecasting.backtest.Histories;
import io.ipstream.loader.InputRecord;
import io.ipstream.loader.RecordSources;
import io.ipstream.topology.anomaly.AnomalyReplay;
import io.ipstream.topology.anomaly.AnomalyReplay.ValueKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream backtest-anomalies}: labelled records through both detectors, scored against the labels. */
@Command(name = "backtest-anomalies", mixinStandardHelpOptions = true,
        description = "Replay labelled records (from ipstream generate --anomaly-rate) through the streaming anomaly detector, "
                + "in time order as the topology sees them, and print precision, recall and F1 against the labels "
                + "(src_ip,timestamp,metric,kind), overall and recall per kind. One flag = one (IP, timestamp, metric). "
                + "Then the forecast-based detector on the last --forecast-days days (each day forecast by the production model "
                + "fitted on everything before it; outside the 95% interval = anomaly), and the streaming detector and both "
                + "combined (either flags) on the same values.")
public final class BacktestAnomaliesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ZoneOption zone;

    @Mixin
    AnomalyOptions anomalies;

    @Option(names = "--records", paramLabel = "FILE|DIR", required = true, description = "The records (JSON Lines, CSV or a directory).")
    Path records;

    @Option(names = "--labels", paramLabel = "FILE", required = true, description = "The ground truth: src_ip,timestamp,metric,kind.")
    Path labels;

    @Option(names = "--forecast-days", paramLabel = "N", defaultValue = "2",
            description = "Days at the end scored for the forecast-based detector; 0 skips it (default ${DEFAULT-VALUE}; "
                    + "each day refits every series, so this is the slow part).")
    int forecastDays;

    @Option(names = "--forecast-min-score", paramLabel = "S", defaultValue = "0",
            description = "Smallest forecast-anomaly score (interval widths beyond the bound) that counts as flagged (default ${DEFAULT-VALUE}).")
    double forecastMinScore;

    @Option(names = "--json", description = "Also print the result as one JSON object on the last line.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (forecastDays < 0) {
            throw new ConfigError("--forecast-days must not be negative");
        }
        ZoneId zoneId = zone.zoneId();
        Map<ValueKey, String> truth = readLabels(ProjectFiles.resolve(labels), new EventTimes(zoneId));
        List<IpLog> logs = RecordSources.readAll(new RecordSources(new IpLogCodec(zoneId)).open(ProjectFiles.resolve(records), null))
                .stream().filter(InputRecord::isValid).map(InputRecord::log).toList();
        Set<ValueKey> streaming = AnomalyReplay.flag(logs, anomalies.settings(), zoneId);
        AnomalyReplay.Score score = AnomalyReplay.score(streaming, truth);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("backtest-anomalies: %,d records, %,d labelled anomalies, %,d flagged by the streaming detector%n",
                logs.size(), score.labelled(), score.flagged());
        print(out, "streaming", score);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", logs.size());
        result.put("labels", score.labelled());
        result.put("streaming", jsonOf(score));
        if (forecastDays > 0) {
            out.printf("forecast-based detector: the last %d days, day-ahead, fitting the production model on every series ...%n", forecastDays);
            out.flush();
            long started = System.nanoTime();
            ForecastDetectorReplay.Result replay = ForecastDetectorReplay.run(Histories.of(logs, Metric.ALL, zoneId), forecastDays);
            Set<ValueKey> judged = new HashSet<>();
            replay.forecasts().forEach(row -> judged.add(new ValueKey(row.series().srcIp(), row.timestampMillis(), row.series().metric().wireName())));
            Set<ValueKey> forecast = new HashSet<>();
            replay.anomalies().stream().filter(a -> a.score() >= forecastMinScore).forEach(anomaly -> forecast.add(AnomalyReplay.key(anomaly)));
            Map<ValueKey, String> judgedTruth = new HashMap<>(truth);
            judgedTruth.keySet().retainAll(judged);
            Set<ValueKey> streamingThere = new HashSet<>(streaming);
            streamingThere.retainAll(judged);
            Set<ValueKey> either = new HashSet<>(streamingThere);
            either.addAll(forecast);
            out.printf("on those days: %,d values of %d series, %,d labelled anomalies (%.0f s)%n", judged.size(), replay.series(),
                    judgedTruth.size(), (System.nanoTime() - started) / 1e9);
            Map<String, Object> lastDays = new LinkedHashMap<>();
            lastDays.put("days", forecastDays);
            lastDays.put("values", judged.size());
            lastDays.put("labels", judgedTruth.size());
            Map<String, Set<ValueKey>> detectors = new LinkedHashMap<>();
            detectors.put("streaming", streamingThere);
            detectors.put("forecast", forecast);
            detectors.put("combined", either);
            for (Map.Entry<String, Set<ValueKey>> detector : detectors.entrySet()) {
                AnomalyReplay.Score onDays = AnomalyReplay.score(detector.getValue(), judgedTruth);
                print(out, detector.getKey(), onDays);
                lastDays.put(detector.getKey(), jsonOf(onDays));
            }
            result.put("last_days", lastDays);
        }
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(result));
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String detector, AnomalyReplay.Score score) {
        out.printf("%-10s precision %.3f, recall %.3f, F1 %.3f (%,d flagged)%n", detector + ":", score.precision(), score.recall(), score.f1(),
                score.flagged());
        score.recallByKind().forEach((kind, counts) -> out.printf("  recall of %-12s %.3f (%,.0f of %,.0f)%n", kind, counts[0], counts[1], counts[2]));
    }

    private static Map<String, Object> jsonOf(AnomalyReplay.Score score) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("flagged", score.flagged());
        json.put("precision", score.precision());
        json.put("recall", score.recall());
        json.put("f1", score.f1());
        return json;
    }

    /** Each labelled value and its kind. */
    private static Map<ValueKey, String> readLabels(Path file, EventTimes times) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigError("--labels: cannot read " + file + " (" + e.getMessage() + ")");
        }
        Map<ValueKey, String> truth = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            if (cells.length != 4) {
                throw new ConfigError(file + " line " + (i + 1) + ": expected src_ip,timestamp,metric,kind");
            }
            try {
                truth.put(new ValueKey(cells[0], times.parseMillis(cells[1]), cells[2]), cells[3]);
            } catch (IllegalArgumentException e) {
                throw new ConfigError(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return truth;
    }
}

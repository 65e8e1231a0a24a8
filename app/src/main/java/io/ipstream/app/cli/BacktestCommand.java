package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.backtest.Backtest;
import io.ipstream.forecasting.backtest.BacktestReport;
import io.ipstream.forecasting.backtest.BacktestSettings;
import io.ipstream.forecasting.backtest.Histories;
import io.ipstream.forecasting.backtest.ForecastRow;
import io.ipstream.forecasting.backtest.ModelScore;
import io.ipstream.forecasting.model.History;
import io.ipstream.forecasting.model.Models;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.loader.InputRecord;
import io.ipstream.loader.RecordSources;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream backtest}: every model on a CSV of records, by the rolling-origin day-ahead protocol. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Backtest every forecasting model on a CSV of records (header with the wire names): per IP and metric, the "
                + "last --test-days days are forecast day-ahead from rolling origins, each model re-fitted at every origin. "
                + "Prints MASE (against the series' in-sample seasonal-naive error), 95%% interval coverage and width per model.")
public final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ZoneOption zone;

    @Option(names = "--csv", paramLabel = "FILE", required = true, description = "Records to backtest on, e.g. data/logs.csv.")
    Path csv;

    @Option(names = "--metrics", paramLabel = "M1,M2", split = ",",
            defaultValue = "unq_dst_ip,frequency,bytesout,pkts_sent",
            description = "Metrics to forecast (default ${DEFAULT-VALUE}; any of the nine wire names).")
    List<String> metrics;

    @Option(names = "--test-days", paramLabel = "N", defaultValue = "" + BacktestSettings.DEFAULT_TEST_DAYS,
            description = "Days at the end of each series forecast day-ahead (default ${DEFAULT-VALUE}).")
    int testDays;

    @Option(names = "--validation-days", paramLabel = "N", defaultValue = "" + BacktestSettings.DEFAULT_VALIDATION_DAYS,
            description = "Days before the test period forecast the same way to calibrate the intervals (default ${DEFAULT-VALUE}).")
    int validationDays;

    @Option(names = "--json", description = "Also print the result as one JSON object on the last line.")
    boolean json;

    @Option(names = "--forecasts-out", paramLabel = "FILE",
            description = "Write every test forecast as CSV: model,ip,metric,day,ts,h,y,yhat,lo,hi.")
    Path forecastsOut;

    @Override
    public Integer call() throws Exception {
        List<Metric> chosen = chosenMetrics();
        ZoneId zoneId = zone.zoneId();
        Map<SeriesKey, History> series = read(ProjectFiles.resolve(csv), chosen, zoneId);
        BacktestSettings settings;
        try {
            settings = new BacktestSettings(testDays, validationDays, BacktestSettings.DEFAULT_COVERAGE);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("--test-days and --validation-days must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("backtest: %d series (%d IPs x %d metrics), last %d days day-ahead, %d validation days before them%n",
                series.size(), series.size() / chosen.size(), chosen.size(), testDays, validationDays);
        out.flush();
        BacktestReport report;
        try (ForecastCsv rows = new ForecastCsv(forecastsOut)) {
            report = new Backtest(settings).run(series, Models.backtested(), Models.PRODUCTION, rows::write);
        }
        print(out, report, chosen);
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(jsonOf(report)));
        }
        out.flush();
        return 0;
    }

    private List<Metric> chosenMetrics() {
        List<Metric> chosen = new ArrayList<>();
        for (String name : metrics) {
            Metric metric = Metric.fromWireName(name.strip());
            if (metric == null) {
                throw new ConfigError("--metrics: '" + name + "' is not one of " + Metric.ALL.stream().map(Metric::wireName).toList());
            }
            chosen.add(metric);
        }
        return chosen;
    }

    /** Per (IP, metric) in IP order, then the metrics in the order given: the values in time order and the IP's calendar. */
    static Map<SeriesKey, History> read(Path csv, List<Metric> metrics, ZoneId zone) {
        List<IpLog> logs = new ArrayList<>();
        int rejected = 0;
        for (InputRecord record : RecordSources.readAll(new RecordSources(new IpLogCodec(zone)).csv(csv, null))) {
            if (record.isValid()) {
                logs.add(record.log());
            } else {
                rejected++;
            }
        }
        if (logs.isEmpty()) {
            throw new ConfigError(csv + ": no valid records (" + rejected + " rejected)");
        }
        return Histories.of(logs, metrics, zone);
    }

    private void print(PrintWriter out, BacktestReport report, List<Metric> chosen) {
        out.printf("%-34s %9s %9s %12s", "model", "mean MASE", "coverage", "width/scale");
        chosen.forEach(metric -> out.printf(" %14s", metric.wireName()));
        out.println();
        List<ModelScore> ordered = new ArrayList<>(report.models());
        ordered.sort(Comparator.comparingDouble(ModelScore::meanMase));
        for (ModelScore model : ordered) {
            out.printf("%-34s %9.3f %9.3f %12.2f", model.model() + (model.model().equals(report.selected()) ? " *" : ""),
                    model.meanMase(), model.coverage(), model.widthOverScale());
            chosen.forEach(metric -> out.printf(" %14.3f", model.perMetricMase().getOrDefault(metric.wireName(), Double.NaN)));
            out.println();
        }
        out.printf("* production choice. %d series, %d origins per model, %.1f s%s%n", report.series(), report.originsPerModel(),
                report.elapsed().toMillis() / 1000.0, report.skipped().isEmpty() ? ""
                        : "; skipped as too short for the protocol: " + report.skipped().size());
    }

    private static Map<String, Object> jsonOf(BacktestReport report) {
        Map<String, Object> models = new LinkedHashMap<>();
        for (ModelScore model : report.models()) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("mean_mase", model.meanMase());
            figures.put("coverage", model.coverage());
            figures.put("width_over_scale", model.widthOverScale());
            figures.put("per_metric", model.perMetricMase());
            models.put(model.model(), figures);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("models", models);
        result.put("selected", report.selected());
        result.put("series", report.series());
        result.put("origins_per_model", report.originsPerModel());
        result.put("elapsed_seconds", report.elapsed().toMillis() / 1000.0);
        return result;
    }

    /** The --forecasts-out file, or nothing. */
    private static final class ForecastCsv implements AutoCloseable {
        private final BufferedWriter writer;

        ForecastCsv(Path file) throws IOException {
            this.writer = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            if (writer != null) {
                writer.write("model,ip,metric,day,ts,h,y,yhat,lo,hi\n");
            }
        }

        void write(ForecastRow row) {
            if (writer == null) {
                return;
            }
            try {
                writer.write(String.join(",", row.model(), row.series().srcIp(), row.series().metric().wireName(), row.day().toString(),
                        Instant.ofEpochMilli(row.timestampMillis()).toString(), Integer.toString(row.h()), number(row.y()),
                        number(row.yhat()), number(row.lo()), number(row.hi())));
                writer.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String number(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }

        @Override
        public void close() throws IOException {
            if (writer != null) {
                writer.close();
            }
        }
    }
}

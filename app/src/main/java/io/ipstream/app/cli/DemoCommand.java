package io.ipstream.app.cli;

import io.ipstream.app.FreePorts;
import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.app.demo.AveragesTable;
import io.ipstream.app.demo.DemoStores;
import io.ipstream.app.demo.ForecastSummary;
import io.ipstream.app.demo.LatestValues;
import io.ipstream.app.demo.ProcessingProgress;
import io.ipstream.common.Anomaly;
import io.ipstream.common.ApiToken;
import io.ipstream.common.ConfigError;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpStats;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.common.Secrets;
import io.ipstream.common.Topics;
import io.ipstream.common.TopicsConfig;
import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.forecasting.http.ForecastingServer;
import io.ipstream.forecasting.ingest.Ingest;
import io.ipstream.forecasting.service.ArchiveSettings;
import io.ipstream.forecasting.service.ForecastingService;
import io.ipstream.forecasting.service.RedisSettings;
import io.ipstream.forecasting.service.ServiceSettings;
import io.ipstream.forecasting.service.TrainingSchedule;
import io.ipstream.forecasting.train.TrainingRun;
import io.ipstream.loader.LoadReport;
import io.ipstream.loader.Loader;
import io.ipstream.loader.LogSender;
import io.ipstream.loader.Pacer;
import io.ipstream.loader.Progress;
import io.ipstream.loader.RecordSources;
import io.ipstream.loader.generate.GeneratedSource;
import io.ipstream.loader.generate.Generator;
import io.ipstream.loader.generate.GeneratorConfig;
import io.ipstream.loader.generate.Template;
import io.ipstream.loader.generate.Templates;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import io.ipstream.topology.TopologyConfig;
import io.ipstream.topology.http.QueryServer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream demo}: the whole pipeline in one process, on an embedded broker and the local Redis and PostgreSQL. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline in one process: an embedded Kafka broker, the topology with its REST API, the",
                "forecasting service (ingest into Redis, archive into PostgreSQL, training, anomalies) with its HTTP API, and the",
                "loader replaying --data (plus --generate N synthetic IPs). Redis and PostgreSQL must be running; the demo keeps",
                "its data under the Redis key prefix " + DemoStores.KEY_PREFIX + " and the schema " + DemoStores.SCHEMA
                        + ", emptied at each start."})
public final class DemoCommand implements Callable<Integer> {
    private static final String APPLICATION_ID = "ipstream-demo";
    /** The metric whose forecast the summary prints. */
    private static final Metric SUMMARY_METRIC = Metric.UNQ_DST_IP;
    private static final Duration ARCHIVE_INTERVAL = Duration.ofSeconds(10);
    private static final Duration WAIT_STEP = Duration.ofMillis(250);

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    TrainOptions training;

    @Mixin
    ApiTokenOption apiToken;

    @Option(names = "--data", paramLabel = "DIR|FILE", defaultValue = "${env:IPSTREAM_DEMO_DATA:-data/logs.csv}",
            description = "A directory of JSON files, a CSV file or a JSON Lines file; relative paths are resolved "
                    + "against the project directory (env IPSTREAM_DEMO_DATA; default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--generate", paramLabel = "N", defaultValue = "0",
            description = "Also replay N synthetic IPs copying the IPs of --data over its whole length (default ${DEFAULT-VALUE}).")
    int generate;

    @Option(names = "--exit-when-done", description = "Once every record is processed, models are trained and forecasts written, "
            + "print the summary and exit 0.")
    boolean exitWhenDone;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "${env:IPSTREAM_HTTP_HOST:-127.0.0.1}",
            description = "Address both HTTP APIs bind to (env IPSTREAM_HTTP_HOST; default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:IPSTREAM_DEMO_HTTP_PORT:-8080}",
            description = "Port of the forecasting service's HTTP API: history, forecasts, anomalies, /metrics "
                    + "(env IPSTREAM_DEMO_HTTP_PORT; default ${DEFAULT-VALUE}; 0 picks a free one).")
    int httpPort;

    @Option(names = "--streams-http-port", paramLabel = "PORT", defaultValue = "${env:IPSTREAM_DEMO_STREAMS_HTTP_PORT:-8081}",
            description = "Port of the topology's REST API over the state stores (env IPSTREAM_DEMO_STREAMS_HTTP_PORT; "
                    + "default ${DEFAULT-VALUE}; 0 picks a free one).")
    int streamsHttpPort;

    @Option(names = "--kafka-port", defaultValue = "${env:IPSTREAM_KAFKA_PORT:-0}",
            description = "Port of the embedded broker; 0 picks a free one (env IPSTREAM_KAFKA_PORT; default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--train-interval", paramLabel = "DURATION", defaultValue = "1m", converter = DurationConverter.class,
            description = "Time between training rounds while the demo keeps running (default ${DEFAULT-VALUE}).")
    Duration trainInterval;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Give up when a stage takes longer than this (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path input = ProjectFiles.resolve(data);
        if (!Files.exists(input)) {
            throw new ConfigError("--data: " + input + " does not exist");
        }
        if (generate < 0) {
            throw new ConfigError("--generate must not be negative");
        }
        IpLogCodec codec = new IpLogCodec(pipeline.zoneId());
        RecordSources sources = new RecordSources(codec);
        // Every file, setting and port is checked before anything starts.
        sources.open(input, null).close();
        TopicsConfig topics = pipeline.topics().withReplicationAtMost((short) 1);
        TopologyConfig topology = pipeline.topology();
        String guarantee = pipeline.processingGuarantee();
        Properties streamsOverrides = pipeline.streamsOverrides();
        int[] ports = ports();
        ApiToken token = apiToken.token();
        DatabaseSettings database = connection.database(DemoStores.SCHEMA);
        TrainingSchedule schedule = new TrainingSchedule(trainInterval, training.settings(pipeline.zoneId()), topology.partitionMap());
        say(out, "Checking Redis at " + Secrets.redact(connection.redisUri) + " and PostgreSQL at " + Secrets.redact(connection.jdbcUrl) + " ...");
        DemoStores.reset(connection.redisUri, database);

        try (DemoResources demo = new DemoResources(WorkDirectory.create("demo-"))) {
            say(out, "Starting an embedded Kafka broker ...");
            EmbeddedKafka broker = demo.add(EmbeddedKafka.start(kafkaPort, demo.work().resolve("kafka")));
            say(out, "Kafka broker ready on " + broker.bootstrapServers());

            HostInfo advertised = new HostInfo(httpHost, ports[1]);
            StreamsSettings settings = StreamsSettings.of(broker.bootstrapServers(), APPLICATION_ID, demo.work().resolve("streams"))
                    .withGuarantee(guarantee).withOverrides(streamsOverrides).withQueries(httpHost + ":" + ports[1], 0);
            StreamsRuntime runtime = demo.add(StreamsRuntime.start(settings, topics, topology));
            if (!runtime.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the topology did not reach RUNNING within 2 minutes");
            }
            demo.add(QueryServer.start(httpHost, ports[1], advertised, runtime.streams(), topology, Duration.ofSeconds(10), token));
            say(out, "Topology running; its REST API on http://" + httpHost + ":" + ports[1] + " (/api/ips, /api/ips/{ip}/stats)");

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            ForecastingService service = demo.add(ForecastingService.start(new ServiceSettings(true, broker.bootstrapServers(),
                    Ingest.DEFAULT_GROUP, Map.of(), new RedisSettings(connection.redisUri, DemoStores.KEY_PREFIX, Duration.ZERO), database,
                    new ArchiveSettings(ArchiveSettings.DEFAULT_HORIZON, ARCHIVE_INTERVAL, ArchiveSettings.DEFAULT_BATCH_POINTS),
                    schedule, pipeline.zoneId()), registry));
            demo.add(ForecastingServer.start(httpHost, ports[0], service, registry, "http://" + httpHost + ":" + ports[1], token));
            say(out, "Forecasting service running (Redis prefix " + DemoStores.KEY_PREFIX + ", schema " + DemoStores.SCHEMA
                    + "); its HTTP API on http://" + httpHost + ":" + ports[0] + " (/api/ips/{ip}/forecast, /api/anomalies, /metrics)");
            say(out, "Dashboard: http://" + httpHost + ":" + ports[0] + "/" + (token.enabled() ? " (open it once as /?token=<the API token>)" : ""));

            long sent = replay(input, sources, codec, broker, topology, out);
            BooleanSupplier alive = () -> !runtime.failed();
            say(out, "Waiting for the topology to process them ...");
            try (ProcessingProgress progress = new ProcessingProgress(broker.bootstrapServers(), APPLICATION_ID, Topics.IP_LOGS)) {
                if (!progress.awaitCaughtUp(timeout, alive)) {
                    throw new IllegalStateException(runtime.failed() ? "the topology failed (see the log above)"
                            : "the topology still had " + progress.lag() + " records to process after " + timeout.toSeconds() + " s (--timeout)");
                }
            }
            await("the forecasting service to ingest " + sent + " records into Redis",
                    () -> service.ingestedRecords() + service.invalidRecords() >= sent);
            Set<String> streamingAnomalies = streamingAnomalies(broker.bootstrapServers());
            await("the " + streamingAnomalies.size() + " streaming anomalies to be stored in PostgreSQL",
                    () -> service.schemaMigrated() && stored(service, Anomaly.STREAMING) >= streamingAnomalies.size());
            say(out, "Ingested " + service.ingestedRecords() + " records; the topology found " + streamingAnomalies.size()
                    + " streaming anomalies. Training every series ...");
            TrainingRun round = trainRound(service);
            say(out, "Trained " + round.trained() + " series of " + round.ips().size() + " IPs in " + round.elapsed().toSeconds() + " s"
                    + (round.failed() > 0 ? " (" + round.failed() + " failed, see the log)" : ""));

            Map<String, IpStats> averages = LatestValues.read(broker.bootstrapServers(), Topics.IP_AVERAGES, IpStats.class);
            say(out, "Per-IP all-time statistics from " + Topics.IP_AVERAGES + " (count and mean of each metric):");
            AveragesTable.print(averages, out);
            say(out, "Forecasts and anomalies per IP:");
            ForecastSummary.print(averages.keySet(), SUMMARY_METRIC, service.models(), service.anomalies().countsByIp(), out);
            if (!exitWhenDone) {
                say(out, "The pipeline keeps running (training every " + trainInterval.toSeconds() + " s). Dashboard http://"
                        + httpHost + ":" + ports[0] + "/, topology API http://" + httpHost + ":" + ports[1] + ", broker "
                        + broker.bootstrapServers() + ". Press Ctrl-C to stop.");
                demo.awaitShutdown();
            }
            return 0;
        }
    }

    /** The forecasting and topology HTTP ports, checked free now so a clash is a clear message, not a failure half-way. */
    private int[] ports() {
        int[] chosen = {httpPort, streamsHttpPort};
        String[] flags = {"--http-port", "--streams-http-port"};
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i] == 0) {
                chosen[i] = FreePorts.pick(httpHost, 1)[0];
            } else if (!FreePorts.isFree(httpHost, chosen[i])) {
                throw new ConfigError("port " + chosen[i] + " on " + httpHost + " is in use; pick another with " + flags[i]
                        + " (0 picks a free one)");
            }
        }
        if (chosen[0] == chosen[1]) {
            throw new ConfigError("--http-port and --streams-http-port must differ");
        }
        return chosen;
    }

    /** Sends --data, then the generated IPs; returns how many valid records went to ip-logs (rejected ones go to the DLQ). */
    private long replay(Path input, RecordSources sources, IpLogCodec codec, EmbeddedKafka broker, TopologyConfig topology, PrintWriter out)
            throws IOException {
        long sent = 0;
        try (LogSender sender = new LogSender(broker.bootstrapServers(), topology.partitionMap(), Map.of())) {
            say(out, "Replaying " + input + " into " + Topics.IP_LOGS + " ...");
            LoadReport report = new Loader(sender, null, Pacer.unlimited(), false, Progress.silent()).run(sources.open(input, null));
            report.print(out, true);
            sent += report.validCount();
            if (generate > 0) {
                List<Template> templates = Templates.read(sources.open(input, null), pipeline.zoneId());
                LocalDate start = templates.stream().map(Template::firstDay).min(LocalDate::compareTo).orElseThrow();
                int days = 7 * templates.stream().mapToInt(Template::weekCount).max().orElseThrow();
                Set<String> taken = new HashSet<>();
                templates.forEach(t -> taken.add(t.ip()));
                Generator generator = new Generator(GeneratorConfig.of(generate, days, start, pipeline.zoneId(), 1, 0), templates, taken);
                say(out, "Replaying " + generate + " generated IPs (" + generator.expectedRecords() + " records) ...");
                LoadReport generated = new Loader(sender, null, Pacer.unlimited(), false, Progress.silent())
                        .run(new GeneratedSource(generator, codec, label -> { }));
                generated.print(out, true);
                sent += generated.validCount();
            }
        }
        return sent;
    }

    /** The distinct (IP, metric, timestamp) of the streaming anomalies on the topic now. */
    private static Set<String> streamingAnomalies(String bootstrapServers) throws IOException {
        Set<String> found = new HashSet<>();
        for (var record : LatestValues.readAll(bootstrapServers, Topics.IP_ANOMALIES)) {
            Anomaly anomaly = Json.MAPPER.readValue(record.value(), Anomaly.class);
            if (Anomaly.STREAMING.equals(anomaly.source())) {
                found.add(anomaly.srcIp() + "|" + anomaly.metric() + "|" + anomaly.timestamp());
            }
        }
        return found;
    }

    private static long stored(ForecastingService service, String source) {
        return service.anomalies().countsByIp().values().stream().mapToLong(bySource -> bySource.getOrDefault(source, 0L)).sum();
    }

    private TrainingRun trainRound(ForecastingService service) throws InterruptedException, ExecutionException {
        try {
            return service.trainNow().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("training did not finish within " + timeout.toSeconds() + " s (--timeout)");
        }
    }

    private void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout.toSeconds() + " s (--timeout)");
            }
            Thread.sleep(WAIT_STEP.toMillis());
        }
    }

    private static void say(PrintWriter out, String line) {
        out.println("==> " + line);
        out.flush();
    }
}

package io.ipstream.app.cli;

import io.ipstream.app.bench.ArchiveBenchmark;
import io.ipstream.app.bench.BenchContext;
import io.ipstream.app.bench.BenchStores;
import io.ipstream.app.bench.Benchmark;
import io.ipstream.app.bench.IngestBenchmark;
import io.ipstream.app.bench.LatencyBenchmark;
import io.ipstream.app.bench.LoaderBenchmark;
import io.ipstream.app.bench.QueryBenchmark;
import io.ipstream.app.bench.StreamsBenchmark;
import io.ipstream.app.bench.TrainBenchmark;
import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.ConfigError;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Json;
import io.ipstream.common.TopicBootstrap;
import io.ipstream.common.TopicsConfig;
import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.loader.RecordSources;
import io.ipstream.loader.generate.Template;
import io.ipstream.loader.generate.Templates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipstream bench}: throughput or latency against a baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure a stage against its baseline in the same run, alternating baseline and ours (A B A B ...),",
                "and print medians, spread and the ratio. Starts its own embedded broker; generates its data with generate.",
                "Benchmarks: streams (our whole topology vs a bare consumer + JSON parse and vs a minimal one-metric Streams app);",
                "loader (ipstream load vs a bare KafkaProducer sending the same pre-serialised records);",
                "query (GET /api/ips/{ip}/stats p50/p99 under concurrent clients, served locally vs forwarded);",
                "ingest (ip-logs into Redis vs a bare Lettuce pipeline of ZADDs of the same points);",
                "archive (Redis to PostgreSQL vs a bare COPY of the same rows);",
                "latency (end-to-end p50/p99/max at --rate records/s, from sending to ip-logs to the ip-averages update that a",
                "read_committed consumer sees, with our topology running, vs the same records at the same rate through the broker alone);",
                "train (every model trained as the service does for --ips generated IPs x 1 metric x 150 days, vs the seasonal",
                "naive alone on the same series; then the backtest protocol's time on them; in memory, no Redis or PostgreSQL).",
                "ingest and archive use the local Redis and PostgreSQL under private key prefixes and schemas, removed afterwards."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Which benchmark: streams, loader, query, ingest, archive, latency or train.")
    String name;

    @Option(names = "--records", paramLabel = "N", defaultValue = "1000000",
            description = "Records per run (default ${DEFAULT-VALUE}); for latency, records sent per run at --rate: at 5,000/s,"
                    + " 150,000 records take 30 s.")
    int records;

    @Option(names = "--ips", paramLabel = "N", defaultValue = "10000", description = "Distinct source IPs (default ${DEFAULT-VALUE}).")
    int ips;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "Runs of each variant (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--template", paramLabel = "FILE", defaultValue = "data/logs.csv",
            description = "Template data set for generate (default ${DEFAULT-VALUE}).")
    Path template;

    @Option(names = "--json", description = "Also print the result as one JSON object on the last line.")
    boolean json;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "5000",
            description = "Records per second sent by latency, paced by the monotonic clock (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "50", description = "Concurrent clients for query (default ${DEFAULT-VALUE}).")
    int clients;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        Benchmark benchmark = switch (name) {
            case "loader" -> new LoaderBenchmark();
            case "query" -> new QueryBenchmark();
            case "ingest" -> new IngestBenchmark();
            case "archive" -> new ArchiveBenchmark();
            case "streams" -> new StreamsBenchmark();
            case "latency" -> new LatencyBenchmark();
            case "train" -> new TrainBenchmark();
            default -> throw new ConfigError("unknown benchmark '" + name + "'; available: streams, loader, query, ingest, archive, latency, train");
        };
        if (rate < 1) {
            throw new ConfigError("--rate must be at least 1 record per second");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Template> templates = Templates.read(
                new RecordSources(new IpLogCodec(ZoneOffset.UTC)).open(ProjectFiles.resolve(template), null), ZoneOffset.UTC);
        Path work = WorkDirectory.create("bench-");
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"))) {
            try (Admin admin = TopicBootstrap.connect(broker.bootstrapServers(), Map.of())) {
                TopicBootstrap.ensure(admin, TopicsConfig.load(null).withReplicationAtMost((short) 1), broker.bootstrapServers());
            }
            Map<String, Object> figures = benchmark.run(new BenchContext(broker, work, templates, records, ips, rounds, clients, rate,
                    new BenchStores(connection.redisUri, connection.database(DatabaseSettings.DEFAULT_SCHEMA)), out));
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("benchmark", name);
                result.put("ips", ips);
                result.put("rounds", rounds);
                result.putAll(figures);
                out.println(Json.MAPPER.writeValueAsString(result));
            }
            out.flush();
        } finally {
            WorkDirectory.delete(work);
        }
        return 0;
    }
}

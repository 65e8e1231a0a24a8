package io.ipstream.app.cli;

import io.ipstream.app.bench.LoaderBenchmark;
import io.ipstream.app.bench.Samples;
import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.ConfigError;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Json;
import io.ipstream.common.TopicBootstrap;
import io.ipstream.common.TopicsConfig;
import io.ipstream.loader.RecordSources;
import io.ipstream.loader.generate.Template;
import io.ipstream.loader.generate.Templates;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipstream bench}: throughput against a baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure a stage against its baseline in the same run, alternating baseline and ours (A B A B ...),",
                "and print medians, spread and the ratio. Starts its own embedded broker; generates its data with generate.",
                "Benchmarks: loader (ipstream load vs a bare KafkaProducer sending the same pre-serialised records)."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Which benchmark: loader.")
    String name;

    @Option(names = "--records", paramLabel = "N", defaultValue = "1000000", description = "Records per run (default ${DEFAULT-VALUE}).")
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

    @Override
    public Integer call() throws Exception {
        if (!"loader".equals(name)) {
            throw new ConfigError("unknown benchmark '" + name + "'; available: loader");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Template> templates = Templates.read(
                new RecordSources(new IpLogCodec(ZoneOffset.UTC)).open(ProjectFiles.resolve(template), null), ZoneOffset.UTC);
        Path work = WorkDirectory.create("bench-");
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"))) {
            try (Admin admin = TopicBootstrap.connect(broker.bootstrapServers(), Map.of())) {
                TopicBootstrap.ensure(admin, TopicsConfig.load(null).withReplicationAtMost((short) 1), broker.bootstrapServers());
            }
            LoaderBenchmark benchmark = LoaderBenchmark.prepare(broker.bootstrapServers(), work.resolve("records.jsonl"), templates, records, ips);
            out.printf(Locale.ROOT, "bench loader: %,d generated records, %,d IPs, %d rounds, broker %s%n",
                    benchmark.records(), ips, rounds, broker.bootstrapServers());
            out.flush();
            // One untimed run of each first: JIT compilation and broker log segments, not the steady state.
            out.printf(Locale.ROOT, "  warm-up: bare producer %,.0f rec/s, ipstream load %,.0f rec/s (not counted)%n",
                    benchmark.bareProducer(), benchmark.loader());
            Samples baseline = new Samples();
            Samples ours = new Samples();
            for (int round = 1; round <= rounds; round++) {
                baseline.add(benchmark.bareProducer());
                ours.add(benchmark.loader());
                out.printf(Locale.ROOT, "  round %d: bare producer %,.0f rec/s, ipstream load %,.0f rec/s%n",
                        round, baseline.values().get(round - 1), ours.values().get(round - 1));
                out.flush();
            }
            double ratio = ours.median() / baseline.median();
            out.printf(Locale.ROOT, "bare producer: median %,.0f rec/s (min %,.0f, max %,.0f)%n", baseline.median(), baseline.min(), baseline.max());
            out.printf(Locale.ROOT, "ipstream load: median %,.0f rec/s (min %,.0f, max %,.0f)%n", ours.median(), ours.min(), ours.max());
            out.printf(Locale.ROOT, "ratio (load / bare producer, medians): %.2f%n", ratio);
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("benchmark", name);
                result.put("records", benchmark.records());
                result.put("ips", ips);
                result.put("rounds", rounds);
                result.put("baseline_rps", Math.round(baseline.median()));
                result.put("ours_rps", Math.round(ours.median()));
                result.put("ratio", Math.round(ratio * 1000) / 1000.0);
                result.put("baseline_samples", baseline.values());
                result.put("ours_samples", ours.values());
                out.println(Json.MAPPER.writeValueAsString(result));
            }
            out.flush();
        } finally {
            WorkDirectory.delete(work);
        }
        return 0;
    }
}

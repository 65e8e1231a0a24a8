package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.Topics;
import io.ipstream.loader.InputRecord;
import io.ipstream.loader.LoadReport;
import io.ipstream.loader.Loader;
import io.ipstream.loader.LogSender;
import io.ipstream.loader.Pacer;
import io.ipstream.loader.Progress;
import io.ipstream.loader.RecordSources;
import io.ipstream.loader.generate.AnomalyLabel;
import io.ipstream.loader.generate.GeneratedIp;
import io.ipstream.loader.generate.GeneratedSource;
import io.ipstream.loader.generate.Generator;
import io.ipstream.loader.generate.GeneratorConfig;
import io.ipstream.loader.generate.PartitionPins;
import io.ipstream.loader.generate.Template;
import io.ipstream.loader.generate.Templates;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream generate}: synthetic source IPs that copy the behaviour of real ones. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate synthetic source IPs, each copying one real IP of a template data set (its level, hour-of-day and",
                "weekday profile, variability and metric correlations) with its own scale and noise, on the template's calendar.",
                "Writes to Kafka, a directory of JSON files or a JSON Lines file, plus <prefix>ips.csv (each IP's template and",
                "scale) and <prefix>anomalies.csv (ground truth of injected anomalies: src_ip,timestamp,metric,kind).",
                "New IPs are pinned in the partition map, spread evenly over the partitions."})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Output output;

    static final class Output {
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
                description = "Send the records to ip-logs on this Kafka cluster.")
        String bootstrapServers;

        @Option(names = "--out-dir", paramLabel = "DIR", required = true,
                description = "Write one JSON file per record (1.json, 2.json, ...) into this new or empty directory.")
        Path outDir;

        @Option(names = "--out-file", paramLabel = "FILE", required = true, description = "Write JSON Lines to this file.")
        Path outFile;
    }

    @Option(names = "--ips", paramLabel = "N", defaultValue = "10", description = "How many IPs (default ${DEFAULT-VALUE}).")
    int ips;

    @Option(names = "--days", paramLabel = "D", defaultValue = "30", description = "How many calendar days (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--start", paramLabel = "DATE", description = "First day, yyyy-MM-dd (default: the template's first day).")
    String start;

    @Option(names = "--template", paramLabel = "FILE", defaultValue = "data/logs.csv",
            description = "The real IPs to copy: CSV, JSON Lines or a directory of JSON files (default ${DEFAULT-VALUE}).")
    Path template;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed; the same seed gives the same output (default: random, printed).")
    Long seed;

    @Option(names = "--anomaly-rate", paramLabel = "P", defaultValue = "0",
            description = "Probability that a record starts an injected anomaly: a spike, a drop to zero or a 1-5 day level shift "
                    + "on 1-3 metrics, 5-10 of the IP's own standard deviations (log scale) from its usual value; needs "
                    + "--behaviour typical, the default with an anomaly rate (default ${DEFAULT-VALUE}).")
    double anomalyRate;

    @Option(names = "--behaviour", paramLabel = "copy|typical",
            description = "copy: each IP copies its template's weeks in order, extremes and regimes (a silent month) included; "
                    + "typical: each hour follows the template's median and spread, so injected anomalies are the only ones "
                    + "(default: typical with --anomaly-rate, else copy).")
    String behaviour;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions to spread new IPs over (default: the ip-logs topic's, or topics.yaml's for file output).")
    Integer partitions;

    @Option(names = "--partition-map", paramLabel = "FILE", defaultValue = "${env:IPSTREAM_PARTITION_MAP:-ip-partition-map.csv}",
            description = "The map the new IPs are added to (env IPSTREAM_PARTITION_MAP; default ${DEFAULT-VALUE}).")
    Path partitionMap;

    @Mixin
    ProducerConfigOption producerConfig;

    @Mixin
    ProgressOption progressOption;

    @Mixin
    TopicsFileOption topicsFile;

    @Mixin
    ZoneOption zone;

    @Override
    public Integer call() throws IOException {
        IpLogCodec codec = new IpLogCodec(zone.zoneId());
        List<Template> templates = Templates.read(new RecordSources(codec).open(ProjectFiles.resolve(template), null), zone.zoneId());
        long chosenSeed = seed != null ? seed : new SecureRandom().nextLong();
        GeneratorConfig config;
        try {
            config = new GeneratorConfig(ips, days, startDate(templates), zone.zoneId(), chosenSeed, anomalyRate, behaviour());
        } catch (IllegalArgumentException e) {
            throw new ConfigError(e.getMessage());
        }
        Path mapFile = ProjectFiles.resolve(partitionMap);
        IpPartitionMap existing = Files.exists(mapFile) ? IpPartitionMap.load(mapFile) : IpPartitionMap.empty();
        // Only the templates' IPs are excluded: excluding the map's too would make a re-run with the same seed pick other IPs.
        Set<String> taken = new HashSet<>();
        templates.forEach(t -> taken.add(t.ip()));
        Generator generator = new Generator(config, templates, taken);
        Map<String, Object> clientConfig = producerConfig.load();

        int partitionCount = partitions != null ? partitions
                : output.bootstrapServers != null
                ? KafkaTopics.prepare(output.bootstrapServers, clientConfig, topicsFile.load(), existing)
                : topicsFile.load().find(Topics.IP_LOGS).partitions();
        Map<String, Integer> pins = PartitionPins.spread(existing, generator.ips().stream().map(GeneratedIp::srcIp).toList(), partitionCount);
        Map<String, Integer> all = new HashMap<>(existing.asMap());
        all.putAll(pins);

        if (output.outDir != null) {
            prepareEmptyDirectory(output.outDir);
        }
        Path ipsFile = sidecar("ips.csv");
        Path anomaliesFile = sidecar("anomalies.csv");
        writeLines(ipsFile, GeneratedIp.CSV_HEADER, generator.ips().stream().map(GeneratedIp::toCsv));
        PrintWriter out = spec.commandLine().getOut();
        try (BufferedWriter truth = Files.newBufferedWriter(anomaliesFile, StandardCharsets.UTF_8)) {
            truth.write(AnomalyLabel.CSV_HEADER + "\n");
            GeneratedSource source = new GeneratedSource(generator, codec, label -> writeLine(truth, label.toCsv()));
            long records = write(source, codec, new IpPartitionMap(all), clientConfig);
            out.printf(Locale.ROOT, "Generated %d records for %d IPs copying %s, %d days from %s (seed %d) to %s%n",
                    records, ips, templates.stream().map(Template::ip).toList(), days, config.start(), chosenSeed, destination());
        }
        // Pinned only once the output is complete: a failed run leaves the map as it was.
        PartitionPins.append(mapFile, pins);
        out.printf("Pinned %d new IPs over %d partitions in %s; IPs and their templates in %s; injected anomalies in %s%n",
                pins.size(), partitionCount, mapFile, ipsFile, anomaliesFile);
        out.flush();
        return 0;
    }

    private long write(GeneratedSource source, IpLogCodec codec, IpPartitionMap map, Map<String, Object> clientConfig) throws IOException {
        if (output.bootstrapServers != null) {
            try (LogSender sender = new LogSender(output.bootstrapServers, map, clientConfig)) {
                Progress progress = progressOption.progress(spec.commandLine().getErr());
                LoadReport report = new Loader(sender, null, Pacer.unlimited(), true, progress).run(source);
                return report.validCount();
            }
        }
        long count = 0;
        if (output.outDir != null) {
            while (source.hasNext()) {
                InputRecord record = source.next();
                Files.write(output.outDir.resolve(++count + ".json"), record.original());
            }
            return count;
        }
        try (OutputStream file = Files.newOutputStream(output.outFile)) {
            while (source.hasNext()) {
                file.write(source.next().original());
                file.write('\n');
                count++;
            }
        }
        return count;
    }

    private GeneratorConfig.Behaviour behaviour() {
        if (behaviour == null) {
            return GeneratorConfig.Behaviour.defaultFor(anomalyRate);
        }
        return switch (behaviour) {
            case "copy" -> GeneratorConfig.Behaviour.COPY;
            case "typical" -> GeneratorConfig.Behaviour.TYPICAL;
            default -> throw new ConfigError("--behaviour: '" + behaviour + "' is not copy or typical");
        };
    }

    private LocalDate startDate(List<Template> templates) {
        if (start == null) {
            return templates.stream().map(Template::firstDay).min(LocalDate::compareTo).orElseThrow();
        }
        try {
            return LocalDate.parse(start);
        } catch (DateTimeParseException e) {
            throw new ConfigError("--start: '" + start + "' is not a date such as 2022-01-03");
        }
    }

    /** Sidecar files sit in the output directory, beside the output file, or in the working directory. */
    private Path sidecar(String name) {
        if (output.outDir != null) {
            return output.outDir.resolve(name);
        }
        if (output.outFile != null) {
            return Path.of(output.outFile + "." + name);
        }
        return Path.of("generated-" + name);
    }

    private String destination() {
        return output.bootstrapServers != null ? Topics.IP_LOGS + " on " + output.bootstrapServers
                : output.outDir != null ? output.outDir.toString() : output.outFile.toString();
    }

    private static void prepareEmptyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> listing = Files.list(dir)) {
            if (listing.anyMatch(p -> p.getFileName().toString().endsWith(".json"))) {
                throw new ConfigError("--out-dir: " + dir + " already holds JSON files; choose a new or empty directory");
            }
        }
    }

    private static void writeLines(Path file, String header, Stream<String> lines) {
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(header + "\n");
            lines.forEach(line -> writeLine(writer, line));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writeLine(BufferedWriter writer, String line) {
        try {
            writer.write(line);
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

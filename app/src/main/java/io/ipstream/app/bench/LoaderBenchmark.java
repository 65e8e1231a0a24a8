package io.ipstream.app.bench;

import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.Topics;
import io.ipstream.loader.Loader;
import io.ipstream.loader.LogSender;
import io.ipstream.loader.Pacer;
import io.ipstream.loader.Progress;
import io.ipstream.loader.RecordSources;
import io.ipstream.loader.generate.GeneratedSource;
import io.ipstream.loader.generate.Generator;
import io.ipstream.loader.generate.GeneratorConfig;
import io.ipstream.loader.generate.Template;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ipstream load} against a bare {@link KafkaProducer} sending the same records, already
 * serialised and in memory, with the same producer settings to the same broker. The difference
 * is what the loader adds: reading the file, validation, canonical JSON, partitioning, checkpoint
 * bookkeeping.
 */
public final class LoaderBenchmark implements Benchmark {
    private static final int WARM_UP_ROUNDS = 4;
    private final String bootstrapServers;
    private final Path data;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();

    private LoaderBenchmark(String bootstrapServers, Path data) {
        this.bootstrapServers = bootstrapServers;
        this.data = data;
    }

    /** For {@code ipstream bench loader}: data is generated in {@link #run}. */
    public LoaderBenchmark() {
        this(null, null);
    }

    @Override
    public Map<String, Object> run(BenchContext context) throws IOException {
        LoaderBenchmark benchmark = prepare(context.broker().bootstrapServers(), context.work().resolve("records.jsonl"),
                context.templates(), context.records(), context.ips());
        context.say("bench loader: %,d generated records (canonical JSON Lines, as generate writes them), %,d IPs, %d rounds",
                benchmark.records(), context.ips(), context.rounds());
        // Untimed pairs first: after a single one, both variants still sped up for five rounds while the
        // JIT compiled the clients' and the broker's paths; that is not the steady state.
        for (int warmUp = 1; warmUp <= WARM_UP_ROUNDS; warmUp++) {
            context.say("  warm-up %d: bare producer %,.0f rec/s, ipstream load %,.0f rec/s (not counted)",
                    warmUp, benchmark.bareProducer(), benchmark.loader());
        }
        Samples baseline = new Samples();
        Samples ours = new Samples();
        Samples parsing = new Samples();
        for (int round = 1; round <= context.rounds(); round++) {
            baseline.add(benchmark.bareProducer());
            ours.add(benchmark.loader());
            parsing.add(benchmark.validateOnly());
            context.say("  round %d: bare producer %,.0f rec/s, ipstream load %,.0f rec/s (reading and validating alone %,.0f rec/s)",
                    round, baseline.values().get(round - 1), ours.values().get(round - 1), parsing.values().get(round - 1));
        }
        Map<String, Object> report = new LinkedHashMap<>(
                Samples.report(context, "bare producer", baseline, "ipstream load", ours, "rec/s", benchmark.records()));
        // What the loader adds, in CPU the producer and the broker can no longer use on a small machine.
        context.say("reading and validating alone (--validate-only): median %,.0f rec/s, %.2f µs per record",
                parsing.median(), 1e6 / parsing.median());
        report.put("validate_only_rps", Math.round(parsing.median()));
        return report;
    }

    /** Generates {@code records} records for {@code ips} IPs into {@code data} (JSON Lines) and keeps them in memory. */
    public static LoaderBenchmark prepare(String bootstrapServers, Path data, List<Template> templates, int records, int ips)
            throws IOException {
        IpLogCodec codec = new IpLogCodec(ZoneOffset.UTC);
        int days = (int) Math.ceil(records / (double) ips / 11 * 7 / 5) + 7;
        GeneratedSource source = new GeneratedSource(
                new Generator(GeneratorConfig.of(ips, days, LocalDate.of(2022, 1, 3), ZoneOffset.UTC, 1, 0), templates, Set.of()),
                codec, label -> { });
        LoaderBenchmark benchmark = new LoaderBenchmark(bootstrapServers, data);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(data), 1 << 20)) {
            for (int i = 0; i < records && source.hasNext(); i++) {
                var record = source.next();
                out.write(record.original());
                out.write('\n');
                benchmark.keys.add(record.log().srcIp().getBytes(StandardCharsets.UTF_8));
                benchmark.values.add(record.original());
            }
        }
        return benchmark;
    }

    public int records() {
        return values.size();
    }

    /** The prepared records' JSON values, in order. */
    public List<byte[]> values() {
        return List.copyOf(values);
    }

    /** The prepared records' source IPs (their keys), in order. */
    public List<String> ips() {
        return keys.stream().map(key -> new String(key, StandardCharsets.UTF_8)).toList();
    }

    /** Records per second of a bare producer sending the prepared bytes. */
    public double bareProducer() {
        Map<String, Object> config = producerConfig();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.IP_LOGS, keys.get(i), values.get(i)));
            }
            producer.flush();
            return values.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Records per second of the loader replaying the JSON Lines file. */
    public double loader() {
        try (LogSender sender = new LogSender(bootstrapServers, IpPartitionMap.empty(), Map.of())) {
            return replay(sender);
        }
    }

    /** Records per second of the loader reading and validating the file without sending (--validate-only). */
    public double validateOnly() {
        return replay(null);
    }

    private double replay(LogSender sender) {
        long start = System.nanoTime();
        long valid = new Loader(sender, null, Pacer.unlimited(), false, Progress.silent())
                .run(new RecordSources(new IpLogCodec(ZoneOffset.UTC)).jsonFile(data, null)).validCount();
        return valid / ((System.nanoTime() - start) / 1e9);
    }

    /** The loader's own producer settings, so the two differ only in what the loader adds. */
    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(LogSender.producerDefaults());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }
}

package io.ipstream.app.bench;

import io.ipstream.app.demo.ProcessingProgress;
import io.ipstream.common.InvalidRecordException;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.Metric;
import io.ipstream.common.Topics;
import io.ipstream.common.TopicsConfig;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import io.ipstream.topology.TopologyConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Our whole topology (every aggregate, dedupe, windows, DLQ routing, streaming anomalies; EOS v2
 * and the shipped defaults) against two baselines on the same topic in the same run: a bare
 * consumer that reads and JSON-parses every record (the physical limit of reading), and a minimal
 * Kafka Streams application that keeps count and sum of one metric per IP in RocksDB under the
 * same guarantee and commit interval (the cost of Kafka Streams itself). Each run starts from the
 * beginning of the topic with a fresh group or application id; the clock starts once the consumer
 * has its partitions or the application is RUNNING, and stops when its committed offsets reach
 * the end of its input and repartition topics. Then our topology runs again in a JVM of its own,
 * with the default heap and with -Xmx512m alternately, for the footprint.
 */
public final class StreamsBenchmark implements Benchmark {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(20);
    private static final String SMALL_HEAP = "512m";

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        String bootstrap = context.broker().bootstrapServers();
        LoaderBenchmark data = LoaderBenchmark.prepare(bootstrap, context.work().resolve("records.jsonl"), context.templates(),
                context.records(), context.ips());
        data.loader();
        int records = data.records();
        context.say("bench streams: %,d generated records of %,d IPs in %s, %d rounds of each variant", records, context.ips(),
                Topics.IP_LOGS, context.rounds());
        // One untimed run of each first: the JIT compiles broker, client and topology code for most of a short first run.
        context.say("  warm-up: bare consumer + parse %,.0f rec/s, minimal Streams %,.0f rec/s, ipstream topology %,.0f rec/s (not counted)",
                records / bareConsumer(bootstrap, records), records / minimalStreams(bootstrap, context.work()),
                records / ourTopology(bootstrap, context.work()));
        Samples consumer = new Samples();
        Samples minimal = new Samples();
        Samples ours = new Samples();
        for (int round = 1; round <= context.rounds(); round++) {
            consumer.add(records / bareConsumer(bootstrap, records));
            minimal.add(records / minimalStreams(bootstrap, context.work()));
            ours.add(records / ourTopology(bootstrap, context.work()));
            context.say("  round %d: bare consumer + parse %,.0f rec/s, minimal Streams %,.0f rec/s, ipstream topology %,.0f rec/s", round,
                    consumer.values().get(round - 1), minimal.values().get(round - 1), ours.values().get(round - 1));
        }
        Map<String, Object> versusConsumer = Samples.report(context, "bare consumer + parse", consumer, "ipstream topology", ours, "rec/s", records);
        Map<String, Object> versusMinimal = Samples.report(context, "minimal Streams (count+sum of one metric)", minimal, "ipstream topology", ours,
                "rec/s", records);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", records);
        result.put("consumer_rps", versusConsumer.get("baseline_rps"));
        result.put("minimal_streams_rps", versusMinimal.get("baseline_rps"));
        result.put("ours_rps", versusConsumer.get("ours_rps"));
        result.put("ratio_vs_consumer", versusConsumer.get("ratio"));
        result.put("ratio_vs_minimal_streams", versusMinimal.get("ratio"));
        result.put("consumer_samples", consumer.values());
        result.put("minimal_streams_samples", minimal.values());
        result.put("ours_samples", ours.values());
        result.putAll(heapLimited(context, bootstrap, records));
        return result;
    }

    /**
     * Our topology in a JVM of its own, with the JVM's default heap and with {@value #SMALL_HEAP}
     * alternately: the throughput kept under the small heap, and each one's peak resident memory.
     */
    private static Map<String, Object> heapLimited(BenchContext context, String bootstrap, int records) throws Exception {
        Samples defaultHeap = new Samples();
        Samples smallHeap = new Samples();
        long[] peaks = new long[2];
        for (int round = 1; round <= context.rounds(); round++) {
            ChildRun large = childTopology(bootstrap, context.work(), null);
            ChildRun small = childTopology(bootstrap, context.work(), SMALL_HEAP);
            defaultHeap.add(records / large.seconds());
            smallHeap.add(records / small.seconds());
            peaks[0] = Math.max(peaks[0], large.peakMegabytes());
            peaks[1] = Math.max(peaks[1], small.peakMegabytes());
            context.say("  round %d, own JVM: default heap %,.0f rec/s (peak RSS %,d MB), -Xmx%s %,.0f rec/s (peak RSS %,d MB)", round,
                    records / large.seconds(), large.peakMegabytes(), SMALL_HEAP, records / small.seconds(), small.peakMegabytes());
        }
        Map<String, Object> report = Samples.report(context, "ipstream topology, own JVM, default heap", defaultHeap,
                "ipstream topology, own JVM, -Xmx" + SMALL_HEAP, smallHeap, "rec/s", records);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("own_jvm_default_heap_rps", report.get("baseline_rps"));
        result.put("own_jvm_small_heap_rps", report.get("ours_rps"));
        result.put("ratio_small_heap", report.get("ratio"));
        result.put("peak_rss_mb_default_heap", peaks[0]);
        result.put("peak_rss_mb_small_heap", peaks[1]);
        return result;
    }

    private record ChildRun(double seconds, long peakMegabytes) {
    }

    private static ChildRun childTopology(String bootstrap, Path work, String heap) throws Exception {
        String applicationId = "bench-own-jvm-" + UUID.randomUUID();
        try (ChildStreams child = ChildStreams.start(bootstrap, applicationId, work, heap)) {
            child.awaitReady(Duration.ofMinutes(2));
            double seconds = timeToCatchUp(bootstrap, applicationId, System.nanoTime(), child::alive);
            return new ChildRun(seconds, child.peakResidentMegabytes().orElse(-1));
        }
    }

    /** Seconds for a plain consumer to read and parse every record once. */
    private static double bareConsumer(String bootstrap, int records) {
        IpLogCodec codec = new IpLogCodec(ZoneOffset.UTC);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-consumer-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.IP_LOGS));
            long read = 0;
            long start = 0;
            long parsed = 0;
            while (read < records) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (start == 0 && !consumer.assignment().isEmpty()) {
                    start = System.nanoTime();
                }
                for (ConsumerRecord<String, byte[]> record : batch) {
                    read++;
                    try {
                        parsed += codec.parse(record.value()).value(Metric.UNQ_DST_IP) >= 0 ? 1 : 0;
                    } catch (InvalidRecordException e) {
                        parsed--;
                    }
                }
            }
            if (parsed != read) {
                throw new IllegalStateException("the bare consumer parsed " + parsed + " of " + read + " records");
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Seconds for the minimal one-metric aggregation to process the topic. */
    private static double minimalStreams(String bootstrap, Path work) throws Exception {
        String applicationId = "bench-minimal-" + UUID.randomUUID();
        IpLogCodec codec = new IpLogCodec(ZoneOffset.UTC);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.IP_LOGS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .flatMapValues(bytes -> {
                    try {
                        return List.of(codec.parse(bytes).value(Metric.UNQ_DST_IP));
                    } catch (InvalidRecordException e) {
                        return List.<Long>of();
                    }
                })
                .groupByKey(Grouped.with(Serdes.String(), Serdes.Long()))
                .aggregate(() -> new byte[16], (ip, value, countAndSum) -> {
                    ByteBuffer previous = ByteBuffer.wrap(countAndSum);
                    return ByteBuffer.allocate(16).putLong(previous.getLong() + 1).putLong(previous.getLong() + value).array();
                }, Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as("count-and-sum")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve(applicationId).toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("the minimal Streams app did not reach RUNNING: " + streams.state());
                }
                Thread.sleep(10);
            }
            return timeToCatchUp(bootstrap, applicationId, System.nanoTime(), () -> streams.state() != KafkaStreams.State.ERROR);
        }
    }

    /** Seconds for our topology, with its shipped defaults, to process the topic. */
    private static double ourTopology(String bootstrap, Path work) throws Exception {
        String applicationId = "bench-ours-" + UUID.randomUUID();
        try (StreamsRuntime runtime = StreamsRuntime.start(StreamsSettings.of(bootstrap, applicationId, work.resolve(applicationId)),
                TopicsConfig.load(null).withReplicationAtMost((short) 1), TopologyConfig.defaults().withPartitioning(IpPartitionMap.empty(), 0))) {
            if (!runtime.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the topology did not reach RUNNING");
            }
            return timeToCatchUp(bootstrap, applicationId, System.nanoTime(), () -> !runtime.failed());
        }
    }

    private static double timeToCatchUp(String bootstrap, String applicationId, long start, BooleanSupplier alive)
            throws Exception {
        try (ProcessingProgress progress = new ProcessingProgress(bootstrap, applicationId, Topics.IP_LOGS)) {
            if (!progress.awaitCaughtUp(RUN_LIMIT, alive)) {
                throw new IllegalStateException(applicationId + " did not process the topic within " + RUN_LIMIT.toMinutes() + " minutes");
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }
}

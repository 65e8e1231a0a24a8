package io.ipstream.topology;

import io.ipstream.common.Anomaly;
import io.ipstream.common.DeadLetterValue;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.IpStats;
import io.ipstream.common.IpStatsStoreSerde;
import io.ipstream.common.Json;
import io.ipstream.common.Stores;
import io.ipstream.common.Topics;
import io.ipstream.common.WindowStats;
import io.ipstream.topology.anomaly.SlotBaselineSerde;
import io.ipstream.topology.window.WindowPanes;
import io.ipstream.topology.window.WindowedStatsProcessor;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The streaming core, as a pure function from {@link TopologyConfig} to {@link Topology}:
 * <pre>
 * ip-logs ─ parse/validate ─┬─ invalid ──────────────────────────────────────────► ip-logs-dlq
 *                           ├─ in place ──────────────┐
 *                           └─ wrong key/partition ─ repartition (IpPartitioner) ─ parse ┤
 *                                                     dedupe (src_ip, timestamp) ┴─ too old ─► ip-logs-dlq
 *                                                       ├─ all-time stats store ──────────► ip-averages
 *                                                       ├─ window panes (days) ─ windows ─► ip-window-averages
 *                                                       └─ hour-of-day baselines ─ anomalies ► ip-anomalies
 * </pre>
 * Every sink partitions by source IP with {@link IpPartitioner}, so an IP's input, state and
 * output share one partition number.
 */
public final class IpLogTopology {
    private static final Duration SEEN_RECORD_WINDOW = Duration.ofMillis(1);
    /**
     * Changelogs of windowed stores are compacted and deleted after the store's retention, which the
     * broker measures from each record's timestamp. Those are event times, possibly years old on a
     * replay of history, and the broker would delete the changelog at once: a restored store would
     * then forget what it had counted. Append time makes the retention run from when it was written.
     */
    private static final Map<String, String> TIMED_CHANGELOG =
            Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

    private IpLogTopology() {
    }

    public static Topology build(TopologyConfig config) {
        IpLogCodec codec = new IpLogCodec(config.zone());
        IpPartitioner partitioner = new IpPartitioner(config.partitionMap());
        Serde<IpLog> logSerde = Json.ipLogSerde(codec);
        Serde<IpStats> statsSerde = Json.serde(IpStats.class);
        Serde<IpStats> storedStatsSerde = IpStatsStoreSerde.serde();
        StreamsBuilder builder = new StreamsBuilder();

        KStream<String, Intake> parsed = builder
                .stream(Topics.IP_LOGS, Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withTimestampExtractor(new EventTimeExtractor(codec, config))
                        .withName("ip-logs-source"))
                .processValues(() -> new ParseProcessor(codec, partitioner, config, true), Named.as("parse"));
        Map<String, KStream<String, Intake>> parsedBranches = parsed.split(Named.as("parsed-"))
                .branch(Intake::isRejected, Branched.as("invalid"))
                .branch(Intake::isInPlace, Branched.as("in-place"))
                .defaultBranch(Branched.as("misplaced"));
        toDeadLetters(parsedBranches.get("parsed-invalid"), "parse");

        // Records on the wrong key or partition travel as their original bytes to the partition of their IP.
        KStream<String, Intake> rerouted = parsedBranches.get("parsed-misplaced")
                .map((key, intake) -> KeyValue.pair(accepted(intake).log().srcIp(), accepted(intake).original()),
                        Named.as("key-by-src-ip"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                        .withStreamPartitioner(streamPartitioner(partitioner))
                        .withName("rerouted"))
                .processValues(() -> new ParseProcessor(codec, partitioner, config, false), Named.as("parse-rerouted"));

        // No record cache on the identities nor on the baselines below: an identity is written once, and an IP's
        // hour-of-day baseline again a day later, so a cache merges no writes; it only pushed the all-time
        // statistics and panes out (docs/BENCHMARKS.md).
        builder.addStateStore(org.apache.kafka.streams.state.Stores.windowStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentWindowStore(
                        Stores.SEEN_RECORDS, config.dedupeRetention(), SEEN_RECORD_WINDOW, false),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(TIMED_CHANGELOG));
        Map<String, KStream<String, Intake>> checkedBranches = parsedBranches.get("parsed-in-place")
                .merge(rerouted, Named.as("merge-rerouted"))
                .processValues(() -> new DedupeProcessor(config), Named.as("dedupe"), Stores.SEEN_RECORDS)
                .split(Named.as("checked-"))
                .branch(Intake::isRejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("fresh"));
        toDeadLetters(checkedBranches.get("checked-rejected"), "dedupe");

        KStream<String, IpLog> fresh = checkedBranches.get("checked-fresh")
                .mapValues(intake -> accepted(intake).log(), Named.as("fresh-log"));
        KGroupedStream<String, IpLog> byIp = fresh.groupByKey(Grouped.with("by-src-ip", Serdes.String(), logSerde));

        byIp.aggregate(() -> IpStats.EMPTY, (ip, log, stats) -> stats.plus(log), Named.as("all-time-stats"),
                        Materialized.<String, IpStats, KeyValueStore<Bytes, byte[]>>as(Stores.ALL_TIME_STATS)
                                .withKeySerde(Serdes.String()).withValueSerde(storedStatsSerde))
                .toStream(Named.as("all-time-stats-updates"))
                .to(Topics.IP_AVERAGES, Produced.with(Serdes.String(), statsSerde)
                        .withStreamPartitioner(streamPartitioner(partitioner)).withName("ip-averages-sink"));

        if (!config.windows().isEmpty()) {
            WindowPanes panes = config.panes();
            builder.addStateStore(org.apache.kafka.streams.state.Stores.windowStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentWindowStore(Stores.WINDOW_PANES, config.paneRetention(), panes.pane(), false),
                    Serdes.String(), storedStatsSerde).withLoggingEnabled(TIMED_CHANGELOG).withCachingEnabled());
            builder.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(Stores.WINDOW_CLOSES), Serdes.String(), Serdes.Long()));
            builder.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(Stores.WINDOW_CLOSE_PROGRESS), Serdes.String(), Serdes.String()));
            fresh.process(() -> new WindowedStatsProcessor(panes, config.grace(), config.windowEmit()), Named.as("window-stats"),
                            Stores.WINDOW_PANES, Stores.WINDOW_CLOSES, Stores.WINDOW_CLOSE_PROGRESS)
                    .to(Topics.IP_WINDOW_AVERAGES, Produced.with(Serdes.String(), Json.serde(WindowStats.class))
                            .withStreamPartitioner(streamPartitioner(partitioner)).withName("ip-window-averages-sink"));
        }

        builder.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore(Stores.SLOT_BASELINES),
                Serdes.String(), SlotBaselineSerde.serde()));
        fresh.process(() -> new StreamingAnomalyProcessor(config), Named.as("streaming-anomalies"), Stores.SLOT_BASELINES)
                .to(Topics.IP_ANOMALIES, Produced.with(Serdes.String(), Json.serde(Anomaly.class))
                        .withStreamPartitioner(streamPartitioner(partitioner)).withName("ip-anomalies-sink"));
        return builder.build();
    }

    private static void toDeadLetters(KStream<String, Intake> rejected, String stage) {
        rejected.map((key, intake) -> KeyValue.pair(DeadLetterValue.boundedKey(key), ((Intake.Rejected) intake).value()),
                        Named.as(stage + "-dead-letter-value"))
                .to(Topics.IP_LOGS_DLQ, Produced.with(Serdes.String(), Serdes.ByteArray()).withName(stage + "-dead-letter-sink"));
    }

    private static Intake.Accepted accepted(Intake intake) {
        return (Intake.Accepted) intake;
    }

    private static <V> StreamPartitioner<String, V> streamPartitioner(IpPartitioner partitioner) {
        return partitioner::partitions;
    }
}

package io.ipstream.topology;

import io.ipstream.common.EventTimes;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.topology.anomaly.AnomalySettings;
import io.ipstream.topology.window.WindowEmit;
import io.ipstream.topology.window.WindowPanes;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the topology depends on; {@link IpLogTopology#build} is a pure function of it.
 *
 * @param zone            zone of timestamps written without an offset
 * @param windows         the windowed aggregates
 * @param grace           how late a record may arrive and still update its windows
 * @param windowRetention how long closed windows stay queryable (at least size + grace)
 * @param dedupeRetention how far behind stream time a record can still be checked for duplicates;
 *                        older records go to the dead-letter topic rather than risk a double count
 * @param maxFutureSkew   how far ahead of the wall clock an event time may be; such records would
 *                        move stream time forward and close every window, so they are rejected
 *                        (brokers also refuse records over an hour ahead on CreateTime topics)
 * @param partitionMap    pinned partitions, shared with producers through IpPartitioner
 * @param inputPartitions partition count of ip-logs, to detect records on the wrong partition;
 *                        0 when unknown (every record is then trusted to be in place)
 * @param anomalies       the streaming anomaly detector's settings
 * @param windowEmit      when windows are published: once when closed, or on every update
 */
public record TopologyConfig(ZoneId zone, List<WindowSpec> windows, Duration grace, Duration windowRetention,
                             Duration dedupeRetention, Duration maxFutureSkew, IpPartitionMap partitionMap,
                             int inputPartitions, AnomalySettings anomalies, WindowEmit windowEmit) {

    public static final List<WindowSpec> DEFAULT_WINDOWS =
            List.of(WindowSpec.tumbling(Duration.ofDays(1)), WindowSpec.hopping(Duration.ofDays(7), Duration.ofDays(1)));
    public static final Duration DEFAULT_GRACE = Duration.ofHours(6);
    public static final Duration DEFAULT_WINDOW_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_DEDUPE_RETENTION = Duration.ofDays(400);
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = EventTimes.DEFAULT_MAX_FUTURE_SKEW;

    public TopologyConfig {
        windows = List.copyOf(windows);
        Set<String> names = new HashSet<>();
        for (WindowSpec window : windows) {
            if (!names.add(window.name())) {
                throw new IllegalArgumentException("two windows share the size " + window.name() + "; window names must be unique");
            }
        }
        if (grace.isNegative() || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("--grace and --max-future-skew must not be negative");
        }
        if (dedupeRetention.toMillis() < 1 || windowRetention.isNegative()) {
            throw new IllegalArgumentException("--dedupe-retention must be positive and --window-retention not negative");
        }
    }

    public static TopologyConfig defaults() {
        return new TopologyConfig(ZoneId.of("UTC"), DEFAULT_WINDOWS, DEFAULT_GRACE, DEFAULT_WINDOW_RETENTION,
                DEFAULT_DEDUPE_RETENTION, DEFAULT_MAX_FUTURE_SKEW, IpPartitionMap.empty(), 0, AnomalySettings.DEFAULTS, WindowEmit.CLOSE);
    }

    public TopologyConfig withWindows(List<WindowSpec> newWindows, Duration newGrace) {
        return new TopologyConfig(zone, newWindows, newGrace, windowRetention, dedupeRetention, maxFutureSkew, partitionMap, inputPartitions, anomalies, windowEmit);
    }

    public TopologyConfig withDedupeRetention(Duration retention) {
        return new TopologyConfig(zone, windows, grace, windowRetention, retention, maxFutureSkew, partitionMap, inputPartitions, anomalies, windowEmit);
    }

    public TopologyConfig withPartitioning(IpPartitionMap map, int partitions) {
        return new TopologyConfig(zone, windows, grace, windowRetention, dedupeRetention, maxFutureSkew, map, partitions, anomalies, windowEmit);
    }

    public TopologyConfig withAnomalies(AnomalySettings settings) {
        return new TopologyConfig(zone, windows, grace, windowRetention, dedupeRetention, maxFutureSkew, partitionMap, inputPartitions, settings, windowEmit);
    }

    public TopologyConfig withWindowEmit(WindowEmit emit) {
        return new TopologyConfig(zone, windows, grace, windowRetention, dedupeRetention, maxFutureSkew, partitionMap, inputPartitions, anomalies, emit);
    }

    /** The panes every window is assembled from. */
    public WindowPanes panes() {
        return WindowPanes.of(windows);
    }

    /** Retention of the pane store: the longest any window needs. */
    public Duration paneRetention() {
        return windows.stream().map(this::retentionOf).max(Duration::compareTo).orElse(windowRetention);
    }

    /** Retention of a window's store: long enough for queries, never shorter than size + grace. */
    public Duration retentionOf(WindowSpec window) {
        Duration minimum = window.size().plus(grace);
        return windowRetention.compareTo(minimum) > 0 ? windowRetention : minimum;
    }
}

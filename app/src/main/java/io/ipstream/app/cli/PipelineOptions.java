package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.TopicsConfig;
import io.ipstream.topology.TopologyConfig;
import io.ipstream.topology.WindowSpec;
import io.ipstream.topology.window.WindowEmit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options that shape the topology and its topics, shared by {@code streams} and {@code demo}. */
public final class PipelineOptions {
    @Mixin
    TopicsFileOption topicsFile;

    @Mixin
    PartitionMapOption partitionMap;

    @Mixin
    ZoneOption zone;

    @Mixin
    AnomalyOptions anomalies;

    @Option(names = "--window", paramLabel = "SIZE[/ADVANCE]", split = ",", defaultValue = "1d,7d/1d",
            description = "Windowed aggregates, e.g. 1d (tumbling) or 7d/1d (7 days advancing by 1 day); repeatable (default ${DEFAULT-VALUE}).")
    List<String> windows;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "6h", converter = DurationConverter.class,
            description = "How late a record may arrive and still update its windows (default ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--window-emit", paramLabel = "WHEN", defaultValue = "${env:IPSTREAM_WINDOW_EMIT:-close}",
            description = "When windows are published to ip-window-averages: close (once, final, when the window's end plus "
                    + "the grace period has passed) or update (on every record that changes it; several output records "
                    + "per input record) (env IPSTREAM_WINDOW_EMIT; default ${DEFAULT-VALUE}).")
    String windowEmit;

    @Option(names = "--window-retention", paramLabel = "DURATION", defaultValue = "30d", converter = DurationConverter.class,
            description = "How long windows stay in the stores (at least size + grace; default ${DEFAULT-VALUE}).")
    Duration windowRetention;

    @Option(names = "--dedupe-retention", paramLabel = "DURATION", defaultValue = "400d", converter = DurationConverter.class,
            description = "How far behind stream time duplicates are still detected; older records go to the DLQ (default ${DEFAULT-VALUE}).")
    Duration dedupeRetention;

    @Option(names = "--max-future-skew", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "Records timestamped further ahead of the wall clock go to the DLQ; at most the broker's "
                    + "message.timestamp.after.max.ms, 1h by default, or the broker refuses the outputs (default ${DEFAULT-VALUE}).")
    Duration maxFutureSkew;

    @Option(names = "--processing-guarantee", paramLabel = "GUARANTEE",
            defaultValue = "${env:IPSTREAM_PROCESSING_GUARANTEE:-exactly_once_v2}",
            description = "exactly_once_v2 or at_least_once (env IPSTREAM_PROCESSING_GUARANTEE; default ${DEFAULT-VALUE}).")
    String processingGuarantee;

    @Option(names = "--streams-config", paramLabel = "FILE", defaultValue = "${env:IPSTREAM_STREAMS_CONFIG}",
            description = "Kafka Streams / client properties, e.g. for TLS or SASL (env IPSTREAM_STREAMS_CONFIG).")
    Path streamsConfig;

    TopicsConfig topics() {
        return topicsFile.load();
    }

    IpPartitionMap partitionMap() {
        return partitionMap.load();
    }

    ZoneId zoneId() {
        return zone.zoneId();
    }

    TopologyConfig topology() {
        try {
            List<WindowSpec> specs = windows.stream().map(WindowSpec::parse).toList();
            return new TopologyConfig(zoneId(), specs, grace, windowRetention, dedupeRetention, maxFutureSkew,
                    partitionMap(), 0, anomalies.settings(), WindowEmit.parse(windowEmit));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(e.getMessage().startsWith("--") ? e.getMessage() : "--window: " + e.getMessage());
        }
    }

    String processingGuarantee() {
        if (!List.of("exactly_once_v2", "at_least_once").contains(processingGuarantee)) {
            throw new ConfigError("--processing-guarantee: '" + processingGuarantee + "' is not exactly_once_v2 or at_least_once");
        }
        return processingGuarantee;
    }

    Properties streamsOverrides() {
        Properties props = new Properties();
        props.putAll(PropertiesFiles.read(streamsConfig, "--streams-config"));
        return props;
    }
}

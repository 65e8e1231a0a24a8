package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.app.demo.ProcessingProgress;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.Topics;
import io.ipstream.common.TopicsConfig;
import io.ipstream.forecasting.ingest.Ingest;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import io.ipstream.topology.TopologyConfig;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

/** What the integration tests do again and again: start a topology, run the CLI, load the seed, ingest it, wait until all is processed. */
final class Pipelines {
    private Pipelines() {
    }

    /** The topology with the shipped topics and partition map, RUNNING. */
    static StreamsRuntime startTopology(StreamsSettings settings) throws InterruptedException {
        StreamsRuntime runtime = StreamsRuntime.start(settings, TopicsConfig.load(null).withReplicationAtMost((short) 1),
                TopologyConfig.defaults().withPartitioning(IpPartitionMap.load(null), 0));
        assertThat(runtime.awaitRunning(Duration.ofMinutes(2))).as("topology RUNNING").isTrue();
        return runtime;
    }

    /** Runs {@code ipstream args...}, expects exit 0, returns what it printed. */
    static String cli(String... args) {
        CliRun cli = new CliRun();
        assertThat(cli.run(args)).as(cli.out() + "\n" + cli.err()).isZero();
        return cli.out();
    }

    /** Loads the seed CSV into ip-logs with {@code ipstream load}. */
    static void loadSeed(String bootstrapServers) {
        cli("load", "--bootstrap-servers", bootstrapServers, "--csv", SeedCsv.LOGS_CSV.toString());
    }

    /** Runs ingest in {@code group} until it has written {@code expectedRecords} records (two minutes at most). */
    static void ingest(String bootstrapServers, TimeSeriesStore store, String group, long expectedRecords) {
        try (Ingest ingest = new Ingest(bootstrapServers, group, store, new IpLogCodec(ZoneOffset.UTC), Map.of(), (records, points) -> { })) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (ingest.records() < expectedRecords && System.nanoTime() < deadline) {
                ingest.pollOnce(Duration.ofMillis(200));
            }
            assertThat(ingest.records()).isEqualTo(expectedRecords);
            assertThat(ingest.invalid()).isZero();
        }
    }

    /** Waits until the application has processed everything in ip-logs (and its repartition topics). */
    static void awaitProcessed(String bootstrapServers, String applicationId) throws Exception {
        try (ProcessingProgress progress = new ProcessingProgress(bootstrapServers, applicationId, Topics.IP_LOGS)) {
            assertThat(progress.awaitCaughtUp(Duration.ofMinutes(3))).as("topology caught up").isTrue();
        }
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.app.demo.LatestValues;
import io.ipstream.common.IpStats;
import io.ipstream.common.Topics;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State rebuilt from changelogs on a broker that enforces retention every second: a replay of
 * years-old data after a restore must still count nothing twice.
 */
class RestoreIT {
    private static final String APPLICATION_ID = "ipstream-restore-it";

    @TempDir
    Path work;

    @Test
    void shouldCountNothingTwiceWhenAFreshInstanceRestoresItsStateAndTheDataIsReplayed() throws Exception {
        // given: a broker that rolls segments and applies retention every second
        Map<String, String> eagerRetention = Map.of("log.retention.check.interval.ms", "1000", "log.roll.ms", "1000");
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"), eagerRetention)) {
            SeedCsv expected = SeedCsv.read(SeedCsv.LOGS_CSV);
            try (StreamsRuntime first = start(broker, work.resolve("state-a"))) {
                load(broker);
                awaitProcessed(broker);
            }
            Thread.sleep(3_000);

            // when: another instance starts from an empty state directory, and the data comes again
            try (StreamsRuntime second = start(broker, work.resolve("state-b"))) {
                load(broker);
                awaitProcessed(broker);

                // then
                Map<String, Long> counts = new TreeMap<>();
                LatestValues.read(broker.bootstrapServers(), Topics.IP_AVERAGES, IpStats.class)
                        .forEach((ip, stats) -> counts.put(ip, stats.count()));
                assertThat(counts).isEqualTo(expected.counts());
            }
        }
    }

    private static StreamsRuntime start(EmbeddedKafka broker, Path stateDir) throws InterruptedException {
        return Pipelines.startTopology(StreamsSettings.of(broker.bootstrapServers(), APPLICATION_ID, stateDir));
    }

    private static void load(EmbeddedKafka broker) {
        Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--csv", SeedCsv.LOGS_CSV.toString());
    }

    private static void awaitProcessed(EmbeddedKafka broker) throws Exception {
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
    }
}

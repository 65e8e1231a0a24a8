package io.ipstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpStats;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.common.Stores;
import io.ipstream.common.Topics;
import io.ipstream.common.WindowStats;
import io.ipstream.topology.window.CloseBudget;
import io.ipstream.topology.window.WindowEmit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows published once, when they close ({@code --window-emit close}, the default). */
class WindowEmissionTest {
    private static final DateTimeFormatter SEED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String IP = "46.39.79.251";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, WindowStats> windowAverages;

    private void start(TopologyConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ipstream-window-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(IpLogTopology.build(config), props);
        input = driver.createInputTopic(Topics.IP_LOGS, new StringSerializer(), new ByteArraySerializer());
        windowAverages = driver.createOutputTopic(Topics.IP_WINDOW_AVERAGES, new StringDeserializer(),
                Json.serde(WindowStats.class).deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldPublishEveryClosedWindowOnceEqualToADirectComputationOverTheSeedData() {
        // given: the shipped windows (1d, 7d/1d), grace and emission
        TopologyConfig config = TopologyConfig.defaults();
        start(config);
        List<Map<String, String>> rows = SeedData.rows();

        // when
        rows.forEach(row -> input.pipeInput(row.get("src_ip"), SeedData.json(row)));
        publishClosedWindows();

        // then: exactly the windows that closed before the last stream time, each once, with their exact count and sum
        long streamTime = rows.stream().mapToLong(WindowEmissionTest::epochMillis).max().orElseThrow();
        Map<String, long[]> expected = new HashMap<>();
        for (Map<String, String> row : rows) {
            long at = epochMillis(row);
            for (WindowSpec window : config.windows()) {
                long size = window.size().toMillis();
                long advance = window.advance().toMillis();
                for (long start = at - at % advance; start > at - size; start -= advance) {
                    if (start + size + config.grace().toMillis() <= streamTime) {
                        long[] countAndSum = expected.computeIfAbsent(row.get("src_ip") + " " + window.name() + " " + start, key -> new long[2]);
                        countAndSum[0]++;
                        countAndSum[1] += Long.parseLong(row.get(Metric.BYTESOUT.wireName()));
                    }
                }
            }
        }
        Map<String, long[]> published = new HashMap<>();
        for (KeyValue<String, WindowStats> window : windowAverages.readKeyValuesToList()) {
            String id = window.key + " " + window.value.window() + " " + window.value.windowStart().toEpochMilli();
            IpStats stats = window.value.stats();
            assertThat(published.put(id, new long[] {stats.count(), stats.metric(Metric.BYTESOUT).sum().longValueExact()}))
                    .as("published twice: " + id).isNull();
        }
        assertThat(published.keySet()).isEqualTo(expected.keySet());
        expected.forEach((id, countAndSum) -> assertThat(published.get(id)).as(id).containsExactly(countAndSum));
    }

    @Test
    void shouldCloseAWindowWithItsLateRecordsWithinGraceAndNeverPublishItAgain() {
        // given: daily windows with one hour of grace
        start(TopologyConfig.defaults().withWindows(List.of(WindowSpec.tumbling(Duration.ofDays(1))), Duration.ofHours(1))
                .withWindowEmit(WindowEmit.CLOSE));
        input.pipeInput(IP, record("2022-01-03 12:00:00", 3));
        input.pipeInput(IP, record("2022-01-04 00:30:00", 100));

        // when: a late record within grace, stream time passes the grace, then a record too late for its window
        input.pipeInput(IP, record("2022-01-03 23:00:00", 4));
        publishClosedWindows();
        assertThat(windowAverages.isEmpty()).as("published before the grace period ended").isTrue();
        input.pipeInput(IP, record("2022-01-04 02:00:00", 100));
        publishClosedWindows();
        input.pipeInput(IP, record("2022-01-03 20:00:00", 1000));
        publishClosedWindows();

        // then: January 3 published once, with the record inside the grace period and without the one after it
        List<WindowStats> published = windowAverages.readValuesToList();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).windowStart()).isEqualTo(LocalDateTime.parse("2022-01-03T00:00:00").toInstant(ZoneOffset.UTC));
        assertThat(published.get(0).stats().count()).isEqualTo(2);
        assertThat(published.get(0).stats().metric(Metric.UNQ_DST_IP).sum().longValueExact()).isEqualTo(7);
        assertThat(driver.<String, IpStats>getKeyValueStore(Stores.ALL_TIME_STATS).get(IP).count()).isEqualTo(5);
    }

    /** Lets the wall-clock punctuation publish what has closed: at least one IP per window size each time. */
    private void publishClosedWindows() {
        for (int punctuation = 0; punctuation < 20; punctuation++) {
            driver.advanceWallClockTime(CloseBudget.PERIOD);
        }
    }

    private static long epochMillis(Map<String, String> row) {
        return LocalDateTime.parse(row.get("timestamp"), SEED_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static byte[] record(String timestamp, long unqDstIp) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("src_ip", IP);
        for (Metric metric : Metric.ALL) {
            row.put(metric.wireName(), metric == Metric.UNQ_DST_IP ? Long.toString(unqDstIp) : "1");
        }
        row.put("timestamp", timestamp);
        return SeedData.json(row);
    }
}

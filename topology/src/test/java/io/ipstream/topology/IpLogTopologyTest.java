package io.ipstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipstream.common.Anomaly;
import io.ipstream.common.DeadLetterHeaders;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpStats;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.common.Stores;
import io.ipstream.common.Topics;
import io.ipstream.common.WindowStats;
import io.ipstream.topology.window.WindowEmit;
import io.ipstream.topology.anomaly.SlotBaseline;
import io.ipstream.topology.anomaly.SlotKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpLogTopologyTest {
    private static final Instant DAY_1 = Instant.parse("2022-01-03T00:00:00Z");
    private static final String IP = "46.39.79.251";
    private static final DateTimeFormatter SEED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, IpStats> averages;
    private TestOutputTopic<String, WindowStats> windowAverages;
    private TestOutputTopic<String, byte[]> deadLetters;
    private TestOutputTopic<String, byte[]> anomalies;

    private void start(TopologyConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ipstream-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // No record cache: every update is emitted, so the tests see each one.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        driver = new TopologyTestDriver(IpLogTopology.build(config), props);
        input = driver.createInputTopic(Topics.IP_LOGS, new StringSerializer(), new ByteArraySerializer());
        averages = driver.createOutputTopic(Topics.IP_AVERAGES, new StringDeserializer(),
                Json.serde(IpStats.class).deserializer());
        windowAverages = driver.createOutputTopic(Topics.IP_WINDOW_AVERAGES, new StringDeserializer(),
                Json.serde(WindowStats.class).deserializer());
        deadLetters = driver.createOutputTopic(Topics.IP_LOGS_DLQ, new StringDeserializer(), new ByteArrayDeserializer());
        anomalies = driver.createOutputTopic(Topics.IP_ANOMALIES, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldPublishAllTimeMeansEqualToAnIndependentComputationOverTheSeedData() {
        // given
        start(TopologyConfig.defaults());
        List<Map<String, String>> rows = SeedData.rows();

        // when
        rows.forEach(row -> input.pipeInput(row.get("src_ip"), SeedData.json(row)));

        // then
        Map<String, IpStats> latest = averages.readKeyValuesToMap();
        Map<String, Map<Metric, Double>> expected = SeedData.means(rows);
        assertThat(latest.keySet()).isEqualTo(expected.keySet());
        expected.forEach((ip, means) -> {
            assertThat(latest.get(ip).count()).isEqualTo(SeedData.counts(rows).get(ip).longValue());
            means.forEach((metric, mean) ->
                    assertThat(latest.get(ip).mean(metric)).as(ip + " " + metric).isCloseTo(mean, within(1e-9 * Math.max(1, mean))));
        });
        KeyValueStore<String, IpStats> store = driver.getKeyValueStore(Stores.ALL_TIME_STATS);
        expected.keySet().forEach(ip -> assertThat(store.get(ip)).isEqualTo(latest.get(ip)));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreReplayedRecordsSoTheSecondPassChangesNothing() {
        // given
        start(TopologyConfig.defaults());
        List<Map<String, String>> rows = SeedData.rows();
        rows.forEach(row -> input.pipeInput(row.get("src_ip"), SeedData.json(row)));
        Map<String, IpStats> afterFirstPass = averages.readKeyValuesToMap();
        windowAverages.readRecordsToList();
        anomalies.readRecordsToList();

        // when: the same data again, in another order
        List<Map<String, String>> shuffled = new ArrayList<>(rows);
        Collections.reverse(shuffled);
        shuffled.forEach(row -> input.pipeInput(row.get("src_ip"), SeedData.json(row)));

        // then
        assertThat(averages.isEmpty()).isTrue();
        assertThat(windowAverages.isEmpty()).isTrue();
        assertThat(anomalies.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        KeyValueStore<String, IpStats> store = driver.getKeyValueStore(Stores.ALL_TIME_STATS);
        afterFirstPass.forEach((ip, stats) -> assertThat(store.get(ip)).isEqualTo(stats));
    }

    @Test
    void shouldTreatTheSameHourInAnotherNotationAsADuplicate() {
        // given
        start(TopologyConfig.defaults());
        input.pipeInput(IP, record(IP, "2022-01-03 08:00:00", 3));

        // when: same identity, ISO-8601 timestamp and numbers instead of strings
        input.pipeInput(IP, ("{\"src_ip\":\"46.39.79.251\",\"unq_dst_ip\":3,\"allow\":1,\"drop\":1,\"frequency\":1,"
                + "\"pkts_sent\":1,\"pkts_received\":1,\"bytesin\":1,\"bytesout\":1,\"unq_dst_port\":1,"
                + "\"timestamp\":\"2022-01-03T08:00:00Z\"}").getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(averages.readValuesToList()).hasSize(1);
        assertThat(averages.isEmpty()).isTrue();
    }

    @Test
    void shouldPutRecordsIntoDailyWindowsByEventTimeWithExactBoundaries() {
        // given
        start(TopologyConfig.defaults().withWindows(List.of(WindowSpec.tumbling(Duration.ofDays(1))), Duration.ZERO)
                .withWindowEmit(WindowEmit.UPDATE));

        // when: the last second of day 1 and the first instant of day 2
        input.pipeInput(IP, record(IP, "2022-01-03 23:59:59", 10));
        input.pipeInput(IP, record(IP, "2022-01-04 00:00:00", 20));

        // then: daily windows are the daily panes themselves
        WindowStore<String, IpStats> store = driver.getWindowStore(Stores.WINDOW_PANES);
        assertThat(store.fetch(IP, DAY_1.toEpochMilli()).count()).isEqualTo(1);
        assertThat(store.fetch(IP, DAY_1.toEpochMilli()).mean(Metric.UNQ_DST_IP)).isEqualTo(10.0);
        assertThat(store.fetch(IP, DAY_1.plus(Duration.ofDays(1)).toEpochMilli()).mean(Metric.UNQ_DST_IP)).isEqualTo(20.0);
        List<WindowStats> published = windowAverages.readValuesToList();
        assertThat(published).extracting(WindowStats::windowStart).containsExactly(DAY_1, DAY_1.plus(Duration.ofDays(1)));
        assertThat(published).extracting(WindowStats::windowEnd).containsExactly(DAY_1.plus(Duration.ofDays(1)), DAY_1.plus(Duration.ofDays(2)));
        assertThat(published).extracting(WindowStats::window).containsOnly("1d");
        assertThat(windowAverages.isEmpty()).isTrue();
    }

    @Test
    void shouldCountARecordInEverySevenDayWindowThatContainsIt() {
        // given
        start(TopologyConfig.defaults().withWindows(List.of(WindowSpec.hopping(Duration.ofDays(7), Duration.ofDays(1))), Duration.ZERO)
                .withWindowEmit(WindowEmit.UPDATE));

        // when
        input.pipeInput(IP, record(IP, "2022-01-10 12:00:00", 5));

        // then: windows starting on Jan 4 ... Jan 10 contain Jan 10 noon
        List<WindowStats> published = windowAverages.readValuesToList();
        assertThat(published).hasSize(7);
        assertThat(published).allSatisfy(w -> {
            assertThat(w.windowStart()).isBeforeOrEqualTo(Instant.parse("2022-01-10T12:00:00Z"));
            assertThat(w.windowEnd()).isAfter(Instant.parse("2022-01-10T12:00:00Z"));
            assertThat(w.stats().count()).isEqualTo(1);
        });
    }

    @Test
    void shouldAcceptLateRecordsWithinGraceAndKeepClosedWindowsClosed() {
        // given: daily windows with one hour of grace
        start(TopologyConfig.defaults().withWindows(List.of(WindowSpec.tumbling(Duration.ofDays(1))), Duration.ofHours(1)));
        input.pipeInput(IP, record(IP, "2022-01-03 12:00:00", 1));
        input.pipeInput(IP, record(IP, "2022-01-04 00:30:00", 1));

        // when: one record late but within grace, then stream time passes the grace, then another late one
        input.pipeInput(IP, record(IP, "2022-01-03 23:00:00", 1));
        input.pipeInput(IP, record(IP, "2022-01-04 02:00:00", 1));
        input.pipeInput(IP, record(IP, "2022-01-03 20:00:00", 1));

        // then: the closed window kept two records; the all-time statistics count all five
        WindowStore<String, IpStats> store = driver.getWindowStore(Stores.WINDOW_PANES);
        assertThat(store.fetch(IP, DAY_1.toEpochMilli()).count()).isEqualTo(2);
        assertThat(driver.<String, IpStats>getKeyValueStore(Stores.ALL_TIME_STATS).get(IP).count()).isEqualTo(5);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldSendEveryKindOfBadRecordToTheDeadLetterTopicWithItsReason() {
        // given
        start(TopologyConfig.defaults());
        Map<String, String> badRecords = new java.util.LinkedHashMap<>();
        badRecords.put("{\"src_ip\":\"46.39.79.251\"", "malformed JSON");
        badRecords.put("[1,2]", "expected a JSON object");
        badRecords.put("", "empty value");
        badRecords.put(withField("allow", null), "missing field allow");
        badRecords.put(withField("allow", "\"-1\""), "allow is negative");
        badRecords.put(withField("allow", "1.5"), "allow is fractional");
        badRecords.put(withField("allow", "\"many\""), "allow is not a number");
        badRecords.put(withField("allow", "true"), "allow must be a number");
        badRecords.put(withField("bytesin", "99999999999999999999"), "beyond 64 bits");
        badRecords.put(withField("src_ip", "\"46.39.79.256\""), "is not an IPv4 or IPv6 address");
        badRecords.put(withField("src_ip", "\"not-an-ip\""), "is not an IPv4 or IPv6 address");
        badRecords.put(withField("timestamp", "\"03/01/2022 08:00\""), "is not 'yyyy-MM-dd HH:mm:ss' or ISO-8601");
        badRecords.put(withField("timestamp", "\"1969-12-31 23:00:00\""), "before 1970");
        badRecords.put(withField("timestamp", "\"2999-01-01 00:00:00\""), "ahead of the wall clock");
        badRecords.put("{\"src_ip\":\"1.2.3.4\",\"src_ip\":\"1.2.3.5\"}", "duplicate field 'src_ip'");
        String oversize = "{\"pad\":\"" + "x".repeat(IpLogCodec.MAX_VALUE_BYTES) + "\"}";
        badRecords.put(oversize, "over the 1048576-byte limit");

        // when: each bad record between two good ones
        int hour = 0;
        for (String bad : badRecords.keySet()) {
            input.pipeInput(IP, record(IP, String.format("2022-01-03 %02d:00:00", hour++ % 24), 1));
            input.pipeInput(IP, bad.getBytes(StandardCharsets.UTF_8));
        }

        // then
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(badRecords.size());
        List<String> expectedReasons = new ArrayList<>(badRecords.values());
        List<String> expectedValues = new ArrayList<>(badRecords.keySet());
        for (int i = 0; i < dead.size(); i++) {
            TestRecord<String, byte[]> letter = dead.get(i);
            String original = expectedValues.get(i);
            // A value over the limit keeps its first mebibyte (these values are ASCII: bytes are chars).
            String kept = original.length() > IpLogCodec.MAX_VALUE_BYTES ? original.substring(0, IpLogCodec.MAX_VALUE_BYTES) : original;
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(kept);
            assertThat(header(letter, DeadLetterHeaders.REASON)).contains(expectedReasons.get(i));
            assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.IP_LOGS);
            assertThat(header(letter, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(Long.parseLong(header(letter, DeadLetterHeaders.SOURCE_OFFSET))).isEqualTo(2L * i + 1);
        }
        assertThat(driver.<String, IpStats>getKeyValueStore(Stores.ALL_TIME_STATS).get(IP).count())
                .isEqualTo(badRecords.size());
    }

    @Test
    void shouldRouteRecordsWithAMissingOrNonCanonicalKeyToTheirSourceIp() {
        // given
        start(TopologyConfig.defaults().withPartitioning(IpPartitionMap.empty(), 1));

        // when: no key, a key in another IPv6 notation, and a key naming another IP
        input.pipeInput(null, record("2001:db8::1", "2022-01-03 08:00:00", 1));
        input.pipeInput("2001:DB8:0::1", record("2001:0db8::1", "2022-01-03 09:00:00", 3));
        input.pipeInput("10.0.0.1", record("2001:db8::1", "2022-01-03 10:00:00", 5));

        // then: one IP, keyed canonically, three records
        Map<String, IpStats> latest = averages.readKeyValuesToMap();
        assertThat(latest).containsOnlyKeys("2001:db8::1");
        assertThat(latest.get("2001:db8::1").count()).isEqualTo(3);
        assertThat(latest.get("2001:db8::1").mean(Metric.UNQ_DST_IP)).isEqualTo(3.0);
    }

    @Test
    void shouldDeadLetterRecordsTooOldToBeCheckedForDuplicates() {
        // given: identities are remembered for ten days of stream time
        start(TopologyConfig.defaults().withDedupeRetention(Duration.ofDays(10)));
        input.pipeInput(IP, record(IP, "2022-01-03 08:00:00", 1));
        input.pipeInput(IP, record(IP, "2022-02-03 08:00:00", 1));

        // when: a replay of the first record, now 31 days behind stream time, sent without a key
        byte[] replay = record(IP, "2022-01-03 08:00:00", 1);
        input.pipeInput(null, replay);

        // then: dead-lettered with its original bytes and the coordinates it had in ip-logs
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).contains("older than the dedupe retention (10d");
        assertThat(dead.get(0).value()).isEqualTo(replay);
        assertThat(header(dead.get(0), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.IP_LOGS);
        assertThat(header(dead.get(0), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("2");
        assertThat(driver.<String, IpStats>getKeyValueStore(Stores.ALL_TIME_STATS).get(IP).count()).isEqualTo(2);
    }

    @Test
    void shouldKeepAProducersHeadersOutOfTheOutputsAndDropThemFromADeadLetterTheyWouldMakeTooLarge() {
        // given
        start(TopologyConfig.defaults());
        Headers traced = new RecordHeaders().add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
        byte[] mebibyte = new byte[1024 * 1024];
        Headers huge = new RecordHeaders().add("a", mebibyte).add("b", mebibyte);

        // when: a good record with a small header, a bad one with two mebibytes of headers
        input.pipeInput(new TestRecord<>(IP, record(IP, "2022-01-03 08:00:00", 3), traced));
        input.pipeInput(new TestRecord<>(IP, "{\"src_ip\":".getBytes(StandardCharsets.UTF_8), huge));

        // then: the statistics carry none of the producer's headers; the dead letter keeps its reason and source, and says what it dropped
        assertThat(averages.readRecord().headers().toArray()).isEmpty();
        TestRecord<String, byte[]> letter = deadLetters.readRecord();
        assertThat(letter.headers().lastHeader("a")).isNull();
        assertThat(header(letter, DeadLetterHeaders.DROPPED_HEADERS)).isEqualTo("2");
        assertThat(header(letter, DeadLetterHeaders.REASON)).isNotBlank();
        assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.IP_LOGS);
    }

    @Test
    void shouldNotLetABadTimestampMoveStreamTimeAndCloseWindows() {
        // given
        start(TopologyConfig.defaults().withWindows(List.of(WindowSpec.tumbling(Duration.ofDays(1))), Duration.ZERO));
        input.pipeInput(IP, record(IP, "2022-01-03 08:00:00", 1));

        // when: a record far in the future (rejected), then one more for the same day
        input.pipeInput(IP, record(IP, "2999-01-01 00:00:00", 1));
        input.pipeInput(IP, record(IP, "2022-01-03 09:00:00", 1));

        // then: the day's window still took the later record
        WindowStore<String, IpStats> store = driver.getWindowStore(Stores.WINDOW_PANES);
        assertThat(store.fetch(IP, DAY_1.toEpochMilli()).count()).isEqualTo(2);
        assertThat(deadLetters.readRecordsToList()).hasSize(1);
    }

    @Test
    void shouldPublishEveryChangedWindowKeyedBySourceIpWhenAskedForUpdatesWhileStoringOnePane() {
        // given
        start(TopologyConfig.defaults().withWindowEmit(WindowEmit.UPDATE));

        // when
        input.pipeInput(IP, record(IP, "2022-01-03 08:00:00", 4));

        // then: one 1d window and seven 7d windows, all keyed by the IP, all from the one daily pane stored
        List<KeyValue<String, WindowStats>> published = windowAverages.readKeyValuesToList();
        assertThat(published).extracting(kv -> kv.key).containsOnly(IP);
        Map<String, Integer> perWindow = new HashMap<>();
        published.forEach(kv -> perWindow.merge(kv.value.window(), 1, Integer::sum));
        assertThat(perWindow).containsEntry("1d", 1).containsEntry("7d", 7);
        try (KeyValueIterator<Windowed<String>, IpStats> all = driver.<String, IpStats>getWindowStore(Stores.WINDOW_PANES).all()) {
            assertThat(all).toIterable().hasSize(1);
        }
    }

    @Test
    void shouldPublishOneStreamingAnomalyForAValueFiftyTimesItsHoursUsualLevel() throws Exception {
        // given: a seed record's values, repeated at the same hour on more days than the detector needs as history
        TopologyConfig config = TopologyConfig.defaults();
        start(config);
        Map<String, String> seed = SeedData.rows().get(0);
        String ip = seed.get("src_ip");
        LocalDateTime first = LocalDateTime.parse(seed.get("timestamp"), SEED_TIME);
        int history = pipeStableDays(config, seed);
        assertThat(anomalies.isEmpty()).as("anomalies while the hour is stable").isTrue();

        // when: the next day's bytesout is 50 times its usual
        LocalDateTime spikeAt = first.plusDays(history);
        input.pipeInput(ip, SeedData.json(at(seed, spikeAt, Metric.BYTESOUT, 50)));

        // then: one anomaly, for bytesout at that hour, keyed by the IP, in snake_case JSON
        List<TestRecord<String, byte[]>> published = anomalies.readRecordsToList();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).key()).isEqualTo(ip);
        JsonNode json = Json.MAPPER.readTree(published.get(0).value());
        assertThat(json.get("src_ip").asText()).isEqualTo(ip);
        Anomaly anomaly = Json.MAPPER.treeToValue(json, Anomaly.class);
        long usual = Long.parseLong(seed.get(Metric.BYTESOUT.wireName()));
        assertThat(anomaly.srcIp()).isEqualTo(ip);
        assertThat(anomaly.metric()).isEqualTo(Metric.BYTESOUT.wireName());
        assertThat(anomaly.timestamp()).isEqualTo(spikeAt.toInstant(ZoneOffset.UTC));
        assertThat(anomaly.source()).isEqualTo(Anomaly.STREAMING);
        assertThat(anomaly.value()).isEqualTo(50.0 * usual);
        assertThat(anomaly.expected()).isCloseTo(usual, within(1e-6 * usual));
        assertThat(anomaly.score()).isGreaterThanOrEqualTo(config.anomalies().threshold());
    }

    @Test
    void shouldNotRaiseAnAnomalyTwiceNorLearnFromARecordSentTwice() {
        // given: a stable hour, then a record with a 50x value
        TopologyConfig config = TopologyConfig.defaults();
        start(config);
        Map<String, String> seed = SeedData.rows().get(0);
        String ip = seed.get("src_ip");
        LocalDateTime first = LocalDateTime.parse(seed.get("timestamp"), SEED_TIME);
        int history = pipeStableDays(config, seed);
        byte[] spike = SeedData.json(at(seed, first.plusDays(history), Metric.BYTESOUT, 50));
        input.pipeInput(ip, spike);
        assertThat(anomalies.readRecordsToList()).hasSize(1);
        KeyValueStore<String, SlotBaseline> baselines = driver.getKeyValueStore(Stores.SLOT_BASELINES);
        String slot = SlotKeys.of(ip, first.toInstant(ZoneOffset.UTC).toEpochMilli(), config.zone());
        SlotBaseline before = baselines.get(slot);

        // when: the same record again, then ordinary days
        input.pipeInput(ip, spike);
        SlotBaseline afterDuplicate = baselines.get(slot);
        for (int day = history + 1; day < history + 4; day++) {
            input.pipeInput(ip, SeedData.json(at(seed, first.plusDays(day), Metric.BYTESOUT, 1)));
        }

        // then: no second anomaly, the duplicate taught the hour nothing, and ordinary values raise none
        assertThat(anomalies.isEmpty()).isTrue();
        assertThat(afterDuplicate.count()).isEqualTo(before.count());
        assertThat(afterDuplicate.mean()).isEqualTo(before.mean());
        assertThat(afterDuplicate.m2()).isEqualTo(before.m2());
        assertThat(afterDuplicate.streak()).isEqualTo(before.streak());
    }

    private static byte[] record(String ip, String timestamp, long unqDstIp) {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        row.put("src_ip", ip);
        for (Metric metric : Metric.ALL) {
            row.put(metric.wireName(), metric == Metric.UNQ_DST_IP ? Long.toString(unqDstIp) : "1");
        }
        row.put("timestamp", timestamp);
        return SeedData.json(row);
    }

    /** {@code row} at another time, with one metric multiplied by {@code factor}. */
    private static Map<String, String> at(Map<String, String> row, LocalDateTime time, Metric metric, long factor) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(row);
        copy.put("timestamp", time.format(SEED_TIME));
        copy.put(metric.wireName(), Long.toString(Long.parseLong(row.get(metric.wireName())) * factor));
        return copy;
    }

    /** A valid seed-shaped record with one field replaced (raw JSON) or removed (null). */
    private static String withField(String field, String rawJson) {
        Map<String, String> row = SeedData.rows().get(0);
        StringBuilder json = new StringBuilder("{");
        row.forEach((name, value) -> {
            String raw = name.equals(field) ? rawJson : "\"" + value + "\"";
            if (raw != null) {
                json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":").append(raw);
            }
        });
        return json.append('}').toString();
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The seed row's values at its hour on more days than the detector needs as history; returns how many days. */
    private int pipeStableDays(TopologyConfig config, Map<String, String> seed) {
        LocalDateTime first = LocalDateTime.parse(seed.get("timestamp"), SEED_TIME);
        int days = config.anomalies().minHistory() + 5;
        for (int day = 0; day < days; day++) {
            input.pipeInput(seed.get("src_ip"), SeedData.json(at(seed, first.plusDays(day), Metric.BYTESOUT, 1)));
        }
        return days;
    }
}

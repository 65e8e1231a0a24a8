package io.ipstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpStats;
import io.ipstream.common.Metric;
import io.ipstream.common.MetricNames;
import io.ipstream.common.Stores;
import io.ipstream.common.Topics;
import io.ipstream.topology.HostileRecords.Entry;
import io.ipstream.topology.HostileRecords.Totals;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link HostileRecords} corpus through the topology under {@code TopologyTestDriver}: the fast
 * check of every entry's outcome. {@code HostileInputIT} sends the same corpus to a real broker.
 */
class HostileRecordsTopologyTest {
    @TempDir
    Path stateDir;

    @Test
    void shouldDeadLetterEveryHostileRecordWithItsReasonAndCountEveryOtherRecordOnce() {
        // given
        List<Entry> corpus = HostileRecords.all();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ipstream-hostile-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(IpLogTopology.build(TopologyConfig.defaults()), props)) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(Topics.IP_LOGS, new StringSerializer(), new ByteArraySerializer());

            // when: each entry between two good records, every offset noted
            Map<Long, Entry> byOffset = new HashMap<>();
            long offset = 0;
            int good = 0;
            for (Entry entry : corpus) {
                input.pipeInput(HostileRecords.GOOD_IP, HostileRecords.good(good++));
                offset++;
                input.pipeInput(entry.key(), entry.value());
                byOffset.put(offset++, entry);
            }
            input.pipeInput(HostileRecords.GOOD_IP, HostileRecords.good(good++));

            // then: one dead letter per rejected entry, naming its reason and source, with its original key and bytes
            List<TestRecord<String, byte[]>> deadLetters = driver.createOutputTopic(Topics.IP_LOGS_DLQ, new StringDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList();
            HostileRecords.assertDeadLetters(corpus, byOffset,
                    deadLetters.stream().map(letter -> new HostileRecords.Letter(letter.key(), letter.value(), letter.headers())).toList());

            // and: every good record and every accepted entry counted once, under its canonical IP
            assertThat(allTimeTotals(driver)).isEqualTo(HostileRecords.totals(corpus, good));
            assertThat(taskCounter(driver, MetricNames.DEAD_LETTERS)).isEqualTo(corpus.stream().filter(Entry::isDeadLetter).count());
        }
    }

    /** Count and sum per IP from the all-time store, each metric's sum checked equal to the first's. */
    private static Map<String, Totals> allTimeTotals(TopologyTestDriver driver) {
        KeyValueStore<String, IpStats> store = driver.getKeyValueStore(Stores.ALL_TIME_STATS);
        Map<String, Totals> totals = new TreeMap<>();
        try (KeyValueIterator<String, IpStats> all = store.all()) {
            all.forEachRemaining((KeyValue<String, IpStats> entry) -> {
                IpStats stats = entry.value;
                Metric.ALL.forEach(metric -> assertThat(stats.metric(metric).sum()).as(entry.key + " " + metric)
                        .isEqualTo(stats.metric(Metric.ALL.get(0)).sum()));
                totals.put(entry.key, new Totals(stats.count(), stats.metric(Metric.ALL.get(0)).sum()));
            });
        }
        return totals;
    }

    /** One of our task counters, summed over the tasks. */
    private static long taskCounter(TopologyTestDriver driver, String sensor) {
        return Math.round(driver.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals(sensor + "-total") && metric.getKey().group().contains(MetricNames.SCOPE))
                .mapToDouble(metric -> (Double) metric.getValue().metricValue()).sum());
    }
}

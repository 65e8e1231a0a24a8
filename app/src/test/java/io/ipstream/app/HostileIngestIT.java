package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.Metric;
import io.ipstream.common.MetricNames;
import io.ipstream.common.TopicBootstrap;
import io.ipstream.common.TopicsConfig;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.topology.HostileRecords;
import io.ipstream.topology.HostileRecords.Counted;
import io.ipstream.topology.HostileRecords.Entry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link HostileRecords} corpus through the running forecasting service's ingest, which reads
 * {@code ip-logs} with the topology's codec but writes points, not statistics: each invalid record
 * is counted and skipped, and every valid one becomes its nine points, once, across Redis and
 * PostgreSQL, while the ingest goes on.
 */
class HostileIngestIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture();

    @Test
    void shouldSkipEveryInvalidHostileRecordAndStoreEveryOtherPointOnceAcrossRedisAndPostgres() throws Exception {
        List<Entry> corpus = HostileRecords.all();
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"))) {
            // given: the shipped topics (no topology runs to create them), and the service ingesting and archiving every second
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = TopicBootstrap.connect(bootstrap, Map.of())) {
                TopicBootstrap.ensure(admin, TopicsConfig.load(null).withReplicationAtMost((short) 1), bootstrap);
            }
            try (InProcessService running = InProcessService.start(bootstrap, StoreFixture.REDIS, fixture, fixture.databaseSettings());
                 TimeSeriesStore store = fixture.openStore()) {

                // when: each entry between two good records, through a producer as a hostile client might set it up (lz4, 16 MiB requests)
                int good = 0;
                try (KafkaProducer<String, byte[]> producer = HostileInputIT.hostileProducer(bootstrap)) {
                    for (Entry entry : corpus) {
                        HostileInputIT.send(producer, HostileRecords.GOOD_IP, HostileRecords.good(good++));
                        HostileInputIT.send(producer, entry.key(), entry.value());
                    }
                    HostileInputIT.send(producer, HostileRecords.GOOD_IP, HostileRecords.good(good++));
                }

                // then: every record is read, the good one after the last entry included; each invalid entry is
                // counted once (after its batch's commit, so awaited too); every point owed is once across
                // Redis and PostgreSQL with its value, nothing else
                long sent = good + corpus.size();
                long invalid = corpus.stream().filter(entry -> entry.stored() == null).count();
                HorizonSplit owed = HorizonSplit.of(owedPoints(corpus, good), InProcessService.HORIZON);
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(running.service().ingestedRecords()).as("records read").isEqualTo(sent);
                    assertThat(running.counter(MetricNames.INGEST_INVALID)).as("invalid records").isEqualTo(invalid);
                    owed.assertHeldBy(store, fixture);
                });

                // and: no write to Redis failed, so no batch was read twice
                assertThat(running.counter(MetricNames.INGEST_FAILURES)).as("failed Redis writes").isZero();
            }
        }
    }

    /**
     * The points the ingest owes: nine per good record and per entry it must store, under the
     * canonical IP at the declared event time. The stores hold doubles, so a count beyond 2^53 is
     * owed as its nearest double (2^63 - 1 as 2^63).
     */
    private static Map<SeriesKey, Map<Long, Double>> owedPoints(List<Entry> corpus, int goodRecords) {
        Map<SeriesKey, Map<Long, Double>> points = new HashMap<>();
        for (int i = 0; i < goodRecords; i++) {
            addPoints(points, new Counted(HostileRecords.GOOD_IP, HostileRecords.goodValue(i), HostileRecords.goodTime(i)));
        }
        corpus.stream().map(Entry::stored).filter(Objects::nonNull).forEach(record -> addPoints(points, record));
        return points;
    }

    private static void addPoints(Map<SeriesKey, Map<Long, Double>> points, Counted record) {
        for (Metric metric : Metric.ALL) {
            Double earlier = points.computeIfAbsent(new SeriesKey(record.srcIp(), metric), series -> new TreeMap<>())
                    .put(record.at().toEpochMilli(), (double) record.value());
            // Two records of one identity would leave one point: the fixture must not hold any, or "once" would prove less.
            assertThat(earlier).as("two records of %s at %s", record.srcIp(), record.at()).isNull();
        }
    }
}

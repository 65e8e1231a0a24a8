package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.archive.ArchiveRun;
import io.ipstream.forecasting.archive.ArchiveUnavailable;
import io.ipstream.forecasting.archive.Archiver;
import io.ipstream.forecasting.archive.Database;
import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.forecasting.archive.PointArchive;
import io.ipstream.forecasting.history.HistoryReader;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.TimeSeriesStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis to PostgreSQL on the local servers: every point of the seed data exactly once across both,
 * through re-runs, a database that is away, and processes killed between the steps that matter.
 */
class ArchiveIT {
    private static final Duration HORIZON = Duration.ofDays(7);
    private static final long SEED_RECORDS = 4_950;
    private static final long SEED_POINTS = SEED_RECORDS * Metric.ALL.size();

    @TempDir
    Path work;

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture();


    @Test
    void shouldHoldEveryPointExactlyOnceAcrossRedisAndPostgresAndTheSameAfterEverythingRunsTwice() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"));
             TimeSeriesStore store = fixture.openStore();
             Database database = fixture.openDatabase()) {
            PointArchive archive = new PointArchive(database);
            Map<SeriesKey, Map<Long, Double>> seed = StoreFixture.seedSeries();

            // given: the seed data in ip-logs, ingested into Redis
            Pipelines.loadSeed(broker.bootstrapServers());
            Pipelines.ingest(broker.bootstrapServers(), store, "archive-it", SEED_RECORDS);

            // when
            ArchiveRun first = archiver(store, archive).runOnce();

            // then: every point in exactly one place, the old ones in PostgreSQL, each series' last week in Redis
            assertExactlyOnce(store, seed);
            Map<SeriesKey, Map<Long, Double>> redis = StoreFixture.redisPoints(store);
            assertThat(first.pointsArchived()).isEqualTo(first.rowsChanged()).isEqualTo(first.pointsTrimmed())
                    .isEqualTo(SEED_POINTS - StoreFixture.count(redis)).isPositive();
            redis.forEach((series, points) -> {
                long newest = ((TreeMap<Long, Double>) seed.get(series)).lastKey();
                assertThat(points.keySet()).as(series.toString()).allMatch(ts -> ts > newest - HORIZON.toMillis());
            });

            // and: the history reader joins both into the seed's series, no gap and no overlap at the seam
            HistoryReader history = new HistoryReader(store, archive);
            seed.forEach((series, points) -> assertThat(asMap(history.read(series, 0, Long.MAX_VALUE))).as(series.toString())
                    .isEqualTo(points));

            // and: the last 30 days of each series, wherever they are stored
            seed.forEach((series, points) -> {
                long newest = ((TreeMap<Long, Double>) points).lastKey();
                assertThat(asMap(history.last(series, Duration.ofDays(30)))).as(series.toString())
                        .isEqualTo(((TreeMap<Long, Double>) points).tailMap(newest - Duration.ofDays(30).toMillis(), false));
            });

            // when: the same file loaded, ingested and archived a second time
            Pipelines.loadSeed(broker.bootstrapServers());
            Pipelines.ingest(broker.bootstrapServers(), store, "archive-it", SEED_RECORDS);
            ArchiveRun second = archiver(store, archive).runOnce();

            // then: the same counts; the second pass found its points already archived
            assertExactlyOnce(store, seed);
            assertThat(StoreFixture.redisPoints(store)).isEqualTo(redis);
            assertThat(second.pointsArchived()).isEqualTo(first.pointsArchived());
            assertThat(second.rowsChanged()).isZero();
        }
    }

    @Test
    void shouldTrimNothingFromRedisWhilePostgresIsAwayAndArchiveOnceItIsBack() throws Exception {
        try (TimeSeriesStore store = fixture.openStore()) {
            // given: the seed's points in Redis, and a database address where nothing listens
            store.add(StoreFixture.seedPoints());
            int closedPort = FreePorts.pick("127.0.0.1", 1)[0];
            DatabaseSettings away = new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + closedPort + "/test", StoreFixture.DB_USER, "",
                    fixture.schema);

            try (Database database = Database.open(away)) {
                // when / then: the pass fails naming the address, and Redis still holds everything
                assertThatThrownBy(() -> archiver(store, new PointArchive(database)).runOnce())
                        .isInstanceOf(ArchiveUnavailable.class).hasMessageContaining("127.0.0.1:" + closedPort);
                assertThat(StoreFixture.count(StoreFixture.redisPoints(store))).isEqualTo(SEED_POINTS);
            }

            // when: the database is back
            try (Database database = fixture.openDatabase()) {
                archiver(store, new PointArchive(database)).runOnce();
            }

            // then
            assertExactlyOnce(store, StoreFixture.seedSeries());
        }
    }

    @Test
    void shouldLetOneInstanceArchiveAtATimeAndTheOthersSkip() throws Exception {
        try (TimeSeriesStore store = fixture.openStore(); Database database = fixture.openDatabase()) {
            // given: the seed's points in Redis, and another instance in the middle of a pass (holding its lock)
            store.add(StoreFixture.seedPoints());
            PointArchive archive = new PointArchive(database);
            ArchiveRun skipped;
            try (Database.Lock otherInstance = archive.lockPass().orElseThrow()) {
                // when
                skipped = archiver(store, archive).runOnce();
            }
            ArchiveRun after = archiver(store, archive).runOnce();

            // then: nothing moved while the other held it; everything once it let go
            assertThat(skipped.pointsArchived()).isZero();
            assertThat(after.pointsArchived()).isPositive();
            assertExactlyOnce(store, StoreFixture.seedSeries());
        }
    }

    @Test
    void shouldAskTheServerToProbeTheArchivesSessionsSoALostClientReleasesItsLockWithinMinutes() throws Exception {
        // given
        try (Database database = fixture.openDatabase();
             Connection connection = database.connection();
             Statement statement = connection.createStatement()) {
            // when: the server's keepalive settings as this session sees them
            ResultSet idle = statement.executeQuery("SHOW tcp_keepalives_idle");
            idle.next();

            // then: probed after Database's idle time, not the operating system's two hours
            assertThat(idle.getString(1)).isEqualTo(Integer.toString(Database.KEEPALIVE_IDLE_SECONDS));
        }
    }

    @Test
    void shouldStoreEveryPointOnceAfterTheArchiveIsKilledBetweenThePostgresCommitAndTheRedisTrim() throws Exception {
        try (TimeSeriesStore store = fixture.openStore()) {
            // given: the seed's points in Redis
            store.add(StoreFixture.seedPoints());

            // when: an archive process dies right after its first commit
            int exit = CrashingWorker.run(work.resolve("archive-worker.log"), "archive", fixture.prefix, StoreFixture.JDBC,
                    StoreFixture.DB_USER, fixture.schema, Long.toString(HORIZON.toDays()), "10000");

            // then: the committed batch is in both places, nothing is lost
            assertThat(exit).isEqualTo(CrashingWorker.HALTED);
            Map<SeriesKey, Map<Long, Double>> archived = fixture.archivedPoints();
            assertThat(StoreFixture.count(archived)).isGreaterThanOrEqualTo(10_000);
            assertThat(StoreFixture.overlap(StoreFixture.redisPoints(store), archived)).isEqualTo(StoreFixture.count(archived));

            // when: the archive runs again
            try (Database database = fixture.openDatabase()) {
                archiver(store, new PointArchive(database)).runOnce();
            }

            // then
            assertExactlyOnce(store, StoreFixture.seedSeries());
        }
    }

    @Test
    void shouldStoreEveryPointOnceAfterIngestIsKilledBetweenTheRedisWriteAndTheOffsetCommit() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"));
             TimeSeriesStore store = fixture.openStore()) {
            // given
            Pipelines.loadSeed(broker.bootstrapServers());

            // when: an ingest process dies right after Redis acknowledged its first batch
            int exit = CrashingWorker.run(work.resolve("ingest-worker.log"), "ingest", fixture.prefix, broker.bootstrapServers(), "crash-it");

            // then: points were written but no offset was committed
            assertThat(exit).isEqualTo(CrashingWorker.HALTED);
            assertThat(StoreFixture.count(StoreFixture.redisPoints(store))).isPositive();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertThat(admin.listConsumerGroupOffsets("crash-it").partitionsToOffsetAndMetadata().get().values())
                        .allMatch(offset -> offset == null);
            }

            // when: ingest restarts in the same group, re-reading that batch
            Pipelines.ingest(broker.bootstrapServers(), store, "crash-it", SEED_RECORDS);

            // then
            Map<SeriesKey, Map<Long, Double>> redis = StoreFixture.redisPoints(store);
            assertThat(StoreFixture.count(redis)).isEqualTo(SEED_POINTS);
            assertThat(redis).isEqualTo(StoreFixture.seedSeries());
        }
    }

    private void assertExactlyOnce(TimeSeriesStore store, Map<SeriesKey, Map<Long, Double>> seed) throws Exception {
        Map<SeriesKey, Map<Long, Double>> redis = StoreFixture.redisPoints(store);
        Map<SeriesKey, Map<Long, Double>> archived = fixture.archivedPoints();
        assertThat(StoreFixture.overlap(redis, archived)).as("points in both Redis and PostgreSQL").isZero();
        assertThat(StoreFixture.count(redis) + StoreFixture.count(archived)).isEqualTo(SEED_POINTS);
        assertThat(StoreFixture.union(redis, archived)).isEqualTo(seed);
    }

    private static Archiver archiver(TimeSeriesStore store, PointArchive archive) {
        return new Archiver(store, archive, HORIZON, 10_000, (points, changed) -> { });
    }

    private static Map<Long, Double> asMap(List<Point> points) {
        return points.stream().collect(Collectors.toMap(Point::timestampMillis, Point::value, (a, b) -> {
            throw new AssertionError("two points at one timestamp");
        }, TreeMap::new));
    }
}

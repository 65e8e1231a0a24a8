package io.ipstream.app;

import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.archive.Database;
import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.SeriesPoint;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.forecasting.store.TimeSeriesStores;
import io.ipstream.loader.InputRecord;
import io.ipstream.loader.RecordSources;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private corner of the local Redis and PostgreSQL for one test: its own key prefix and its own
 * schema, both removed after each test when registered with {@code @RegisterExtension}. Reads both back point by point, to count and compare.
 */
final class StoreFixture implements AutoCloseable, AfterEachCallback {
    static final String REDIS = System.getenv().getOrDefault("IPSTREAM_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    static final String JDBC = System.getenv().getOrDefault("IPSTREAM_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String DB_USER = System.getenv().getOrDefault("IPSTREAM_TEST_DB_USER", "postgres");
    /** No retention: only the archive removes points. */
    static final Duration NO_RETENTION = Duration.ZERO;

    final String prefix;
    final String schema;

    StoreFixture() {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        this.prefix = "ipstreamit" + id;
        this.schema = "ipstream_it_" + id;
    }

    DatabaseSettings databaseSettings() {
        return new DatabaseSettings(JDBC, DB_USER, "", schema);
    }

    TimeSeriesStore openStore() {
        return TimeSeriesStores.connect(REDIS, prefix, NO_RETENTION);
    }

    /** The archive's database, migrated. */
    Database openDatabase() {
        Database database = Database.open(databaseSettings());
        database.migrate();
        return database;
    }

    /** Every point of the seed CSV, as ingest would write it: 4,950 records x 9 metrics. */
    static List<SeriesPoint> seedPoints() {
        List<SeriesPoint> points = new ArrayList<>();
        for (InputRecord record : RecordSources.readAll(new RecordSources(new IpLogCodec(ZoneOffset.UTC)).csv(SeedCsv.LOGS_CSV, null))) {
            IpLog log = record.log();
            for (Metric metric : Metric.ALL) {
                points.add(new SeriesPoint(new SeriesKey(log.srcIp(), metric), new Point(log.timestampMillis(), log.value(metric))));
            }
        }
        return points;
    }

    /** The seed CSV as series: timestamp to value, per (IP, metric). */
    static Map<SeriesKey, Map<Long, Double>> seedSeries() {
        return bySeries(seedPoints());
    }

    /** Every point in Redis under this fixture's prefix. */
    static Map<SeriesKey, Map<Long, Double>> redisPoints(TimeSeriesStore store) {
        List<SeriesPoint> points = new ArrayList<>();
        for (Metric metric : Metric.ALL) {
            store.rangeByMetric(metric, 0, Long.MAX_VALUE).forEach((series, seriesPoints) ->
                    seriesPoints.forEach(point -> points.add(new SeriesPoint(series, point))));
        }
        return bySeries(points);
    }

    /** The tables in this fixture's schema, by name. */
    Set<String> tables() throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Connection connection = DriverManager.getConnection(JDBC, DB_USER, "");
             PreparedStatement statement = connection.prepareStatement("SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
        }
        return tables;
    }

    /** Every row of ip_metrics in this fixture's schema. */
    Map<SeriesKey, Map<Long, Double>> archivedPoints() throws SQLException {
        List<SeriesPoint> points = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(JDBC, DB_USER, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT src_ip, metric, ts, value FROM " + schema + ".ip_metrics")) {
            while (rows.next()) {
                points.add(new SeriesPoint(new SeriesKey(rows.getString(1), Metric.fromWireName(rows.getString(2))),
                        new Point(rows.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli(), rows.getDouble(4))));
            }
        }
        return bySeries(points);
    }

    static long count(Map<SeriesKey, Map<Long, Double>> series) {
        return series.values().stream().mapToLong(Map::size).sum();
    }

    /** Points present in both maps (same series and timestamp). */
    static long overlap(Map<SeriesKey, Map<Long, Double>> a, Map<SeriesKey, Map<Long, Double>> b) {
        long both = 0;
        for (Map.Entry<SeriesKey, Map<Long, Double>> entry : a.entrySet()) {
            Map<Long, Double> other = b.getOrDefault(entry.getKey(), Map.of());
            both += entry.getValue().keySet().stream().filter(other::containsKey).count();
        }
        return both;
    }

    /** The union of two stores' points, one per (series, timestamp). */
    static Map<SeriesKey, Map<Long, Double>> union(Map<SeriesKey, Map<Long, Double>> a, Map<SeriesKey, Map<Long, Double>> b) {
        Map<SeriesKey, Map<Long, Double>> union = new HashMap<>();
        a.forEach((series, points) -> union.computeIfAbsent(series, s -> new TreeMap<>()).putAll(points));
        b.forEach((series, points) -> union.computeIfAbsent(series, s -> new TreeMap<>()).putAll(points));
        return union;
    }

    private static Map<SeriesKey, Map<Long, Double>> bySeries(List<SeriesPoint> points) {
        Map<SeriesKey, Map<Long, Double>> series = new HashMap<>();
        points.forEach(p -> series.computeIfAbsent(p.series(), s -> new TreeMap<>()).put(p.point().timestampMillis(), p.point().value()));
        return series;
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        close();
    }

    @Override
    public void close() throws SQLException {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().scan(ScanArgs.Builder.matches(prefix + ":*").limit(1_000_000)).getKeys();
            keys.forEach(key -> connection.sync().del(key));
        } finally {
            client.shutdown();
        }
        try (Connection connection = DriverManager.getConnection(JDBC, DB_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}

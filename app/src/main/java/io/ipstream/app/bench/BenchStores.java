package io.ipstream.app.bench;

import io.ipstream.common.InvalidRecordException;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.SeriesPoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The Redis and PostgreSQL the store benchmarks write to: private key prefixes and schemas, removed afterwards. */
public record BenchStores(String redisUri, DatabaseSettings database) {

    /** A key prefix no one else uses. */
    static String freshPrefix() {
        return "ipstreambench" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A schema name no one else uses. */
    static String freshSchema() {
        return "ipstream_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    DatabaseSettings database(String schema) {
        return new DatabaseSettings(database.jdbcUrl(), database.user(), database.password(), schema);
    }

    /** All nine points of each record, as ingest writes them. */
    static List<SeriesPoint> points(List<byte[]> records) {
        IpLogCodec codec = new IpLogCodec(ZoneOffset.UTC);
        List<SeriesPoint> points = new ArrayList<>(records.size() * Metric.ALL.size());
        for (byte[] record : records) {
            IpLog log;
            try {
                log = codec.parse(record);
            } catch (InvalidRecordException e) {
                throw new IllegalStateException("generate wrote an invalid record: " + e.reason(), e);
            }
            for (Metric metric : Metric.ALL) {
                points.add(new SeriesPoint(new SeriesKey(log.srcIp(), metric), new Point(log.timestampMillis(), log.value(metric))));
            }
        }
        return points;
    }

    /** Deletes every key under {@code prefix}. */
    void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(10_000));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }

    /** Runs SQL statements on the benchmark database (schema set-up and clean-up). */
    void execute(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}

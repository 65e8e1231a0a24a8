package io.ipstream.app.bench;

import io.ipstream.forecasting.archive.ArchiveRun;
import io.ipstream.forecasting.archive.Archiver;
import io.ipstream.forecasting.archive.Database;
import io.ipstream.forecasting.archive.PointArchive;
import io.ipstream.forecasting.service.ArchiveSettings;
import io.ipstream.forecasting.store.SeriesPoint;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.forecasting.store.TimeSeriesStores;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * The archive (read each series from Redis, COPY into staging, merge into ip_metrics, commit, remove
 * from Redis) against a bare COPY of the same rows, prepared in memory, straight into a table of the
 * same shape and primary key. The difference is what archiving adds: Redis reads and trims, staging
 * and the idempotent merge.
 */
public final class ArchiveBenchmark implements Benchmark {
    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        LoaderBenchmark data = LoaderBenchmark.prepare(context.broker().bootstrapServers(), context.work().resolve("records.jsonl"),
                context.templates(), context.records(), context.ips());
        List<SeriesPoint> points = BenchStores.points(data.values());
        byte[] rows = PointArchive.copyText(points);
        BenchStores stores = context.stores();
        String schema = BenchStores.freshSchema();
        try (Database database = Database.open(stores.database(schema))) {
            database.migrate();
            stores.execute("CREATE TABLE " + schema + ".ip_metrics_bare (LIKE " + schema + ".ip_metrics INCLUDING ALL)");
            context.say("bench archive: %,d points of %,d IPs, Redis at %s, PostgreSQL at %s, batches of %,d, %d rounds",
                    points.size(), context.ips(), stores.redisUri(), database.address(), ArchiveSettings.DEFAULT_BATCH_POINTS, context.rounds());
            context.say("  warm-up: bare COPY %,.0f rows/s, archive %,.0f rows/s (not counted)",
                    bareCopy(database, rows, points.size()), archive(stores, database, points));
            Samples baseline = new Samples();
            Samples ours = new Samples();
            for (int round = 1; round <= context.rounds(); round++) {
                baseline.add(bareCopy(database, rows, points.size()));
                ours.add(archive(stores, database, points));
                context.say("  round %d: bare COPY %,.0f rows/s, archive %,.0f rows/s",
                        round, baseline.values().get(round - 1), ours.values().get(round - 1));
            }
            return Samples.report(context, "bare COPY", baseline, "ipstream archive", ours, "rows/s", points.size());
        } finally {
            stores.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Rows per second of one COPY of the prepared rows into the empty bare table, committed. */
    private static double bareCopy(Database database, byte[] rows, int count) throws Exception {
        try (Connection connection = database.connection()) {
            truncate(connection, "ip_metrics_bare");
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY ip_metrics_bare (src_ip, metric, ts, value) FROM STDIN", new ByteArrayInputStream(rows));
            connection.commit();
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Rows per second of one archive pass moving every point from a fresh Redis prefix into the emptied ip_metrics. */
    private static double archive(BenchStores stores, Database database, List<SeriesPoint> points) throws SQLException {
        try (Connection connection = database.connection()) {
            truncate(connection, "ip_metrics");
        }
        String prefix = BenchStores.freshPrefix();
        try (TimeSeriesStore store = TimeSeriesStores.connect(stores.redisUri(), prefix, Duration.ZERO)) {
            store.add(points);
            ArchiveRun run = new Archiver(store, new PointArchive(database), Duration.ZERO, ArchiveSettings.DEFAULT_BATCH_POINTS,
                    (archived, changed) -> { }).runOnce();
            if (run.pointsArchived() != points.size() || run.pointsTrimmed() != points.size()) {
                throw new IllegalStateException("the archive moved " + run.pointsArchived() + " and trimmed " + run.pointsTrimmed()
                        + " of " + points.size() + " points");
            }
            return run.rowsPerSecond();
        } finally {
            stores.deleteKeys(prefix);
        }
    }

    private static void truncate(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + table);
        }
    }
}

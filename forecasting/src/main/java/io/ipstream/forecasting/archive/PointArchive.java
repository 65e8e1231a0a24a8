package io.ipstream.forecasting.archive;

import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.SeriesPoint;
import io.ipstream.forecasting.store.Values;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** The points in PostgreSQL's {@code ip_metrics}: batched idempotent writes and per-series range reads. */
public final class PointArchive {
    private static final String COPY_DIRECT = "COPY ip_metrics (src_ip, metric, ts, value) FROM STDIN";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String STAGING = "CREATE TEMP TABLE IF NOT EXISTS ip_metrics_staging (LIKE ip_metrics) ON COMMIT DELETE ROWS";
    private static final String COPY = "COPY ip_metrics_staging (src_ip, metric, ts, value) FROM STDIN";
    /**
     * A point archived again keeps one row; a changed value replaces the old one, as Redis keeps the
     * last write. A batch holds each (series, ts) once (Redis has one point per timestamp), which
     * ON CONFLICT DO UPDATE requires.
     */
    private static final String MERGE = "INSERT INTO ip_metrics (src_ip, metric, ts, value) "
            + "SELECT src_ip, metric, ts, value FROM ip_metrics_staging "
            + "ON CONFLICT (src_ip, metric, ts) DO UPDATE SET value = EXCLUDED.value "
            + "WHERE ip_metrics.value IS DISTINCT FROM EXCLUDED.value";
    private static final String NEWEST = "SELECT max(ts) FROM ip_metrics WHERE src_ip = ? AND metric = ?";
    private static final String RANGE = "SELECT ts, value FROM ip_metrics WHERE src_ip = ? AND metric = ? AND ts BETWEEN ? AND ? ORDER BY ts";

    private static final long LAST_MILLISECOND_OF_9999 = 253_402_300_799_999L;

    private final Database database;

    public PointArchive(Database database) {
        this.database = database;
    }

    /**
     * Writes the points in one transaction and returns how many rows were new or changed; returns only
     * once committed. First a plain COPY into ip_metrics, the fastest way in (measured: about twice
     * the merge's speed); if any point is already archived (a re-run after a crash, a replay) that COPY
     * fails on the primary key, is rolled back to its savepoint, and the points go the idempotent way:
     * COPY into a session staging table, then one merge.
     */
    public long write(List<SeriesPoint> points) {
        if (points.isEmpty()) {
            return 0;
        }
        byte[] rows = copyText(points);
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                Savepoint optimistic = connection.setSavepoint();
                try {
                    long copied = copy.copyIn(COPY_DIRECT, new ByteArrayInputStream(rows));
                    connection.commit();
                    return copied;
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    connection.rollback(optimistic);
                }
                statement.execute(STAGING);
                copy.copyIn(COPY, new ByteArrayInputStream(rows));
                long changed = statement.executeLargeUpdate(MERGE);
                connection.commit();
                return changed;
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw database.unreachable(e);
        }
    }

    /** The timestamp of the series' newest archived point (the primary key's index, read backwards), if any. */
    public OptionalLong newest(SeriesKey series) {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(NEWEST)) {
            query.setString(1, series.srcIp());
            query.setString(2, series.metric().wireName());
            try (ResultSet rows = query.executeQuery()) {
                OffsetDateTime newest = rows.next() ? rows.getObject(1, OffsetDateTime.class) : null;
                return newest == null ? OptionalLong.empty() : OptionalLong.of(newest.toInstant().toEpochMilli());
            }
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
    }

    /** The archive's pass lock (see {@link Database#tryLock}). */
    public Optional<Database.Lock> lockPass() {
        return database.tryLock("archive");
    }

    /** The archived points of one series with timestamps in [from, to], oldest first. */
    public List<Point> range(SeriesKey series, long fromMillis, long toMillis) {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(RANGE)) {
            query.setString(1, series.srcIp());
            query.setString(2, series.metric().wireName());
            query.setObject(3, timestamp(fromMillis));
            query.setObject(4, timestamp(toMillis));
            List<Point> points = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    points.add(new Point(rows.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(), rows.getDouble(2)));
                }
            }
            return points;
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
    }

    /** COPY's text format: tab-separated; IPs, metric names, instants and numbers never hold tabs or backslashes. */
    public static byte[] copyText(List<SeriesPoint> points) {
        StringBuilder text = new StringBuilder(points.size() * 56);
        for (SeriesPoint point : points) {
            text.append(point.series().srcIp()).append('\t')
                    .append(point.series().metric().wireName()).append('\t')
                    .append(Instant.ofEpochMilli(point.point().timestampMillis())).append('\t')
                    .append(Values.format(point.point().value())).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Open range ends (0, Long.MAX_VALUE) are clamped to 1970..9999: points are never outside it. */
    private static OffsetDateTime timestamp(long millis) {
        long clamped = Math.max(0, Math.min(LAST_MILLISECOND_OF_9999, millis));
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(clamped), ZoneOffset.UTC);
    }
}

package io.ipstream.forecasting.anomaly;

import io.ipstream.common.Anomaly;
import io.ipstream.forecasting.archive.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Anomalies in PostgreSQL: saving is idempotent on (ip, metric, timestamp, source) and says which were new. */
public final class AnomalyRepository {
    private static final String COUNT_BY_IP = "SELECT src_ip, source, count(*) FROM anomalies GROUP BY src_ip, source";
    private static final String INSERT = "INSERT INTO anomalies (src_ip, metric, ts, source, value, expected, score, detected_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String EXISTS = "SELECT 1 FROM anomalies WHERE src_ip = ? AND metric = ? AND ts = ? AND source = ?";
    /** Every filter optional: a null parameter matches all. */
    private static final String QUERY = "SELECT src_ip, ts, metric, value, expected, score, source FROM anomalies "
            + "WHERE (CAST(? AS text) IS NULL OR src_ip = ?) AND (CAST(? AS text) IS NULL OR metric = ?) "
            + "AND (CAST(? AS text) IS NULL OR source = ?) AND ts BETWEEN ? AND ? ORDER BY ts, src_ip, metric LIMIT ?";

    private final Database database;

    public AnomalyRepository(Database database) {
        this.database = database;
    }

    /** Those of {@code anomalies} not stored yet: what a publisher has not sent before. */
    public List<Anomaly> unseen(List<Anomaly> anomalies) {
        List<Anomaly> unseen = new ArrayList<>();
        try (Connection connection = database.connection();
             PreparedStatement exists = connection.prepareStatement(EXISTS)) {
            for (Anomaly anomaly : anomalies) {
                exists.setString(1, anomaly.srcIp());
                exists.setString(2, anomaly.metric());
                exists.setObject(3, OffsetDateTime.ofInstant(anomaly.timestamp(), ZoneOffset.UTC));
                exists.setString(4, anomaly.source());
                try (ResultSet rows = exists.executeQuery()) {
                    if (!rows.next()) {
                        unseen.add(anomaly);
                    }
                }
            }
            return unseen;
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
    }

    /** Stores the anomalies in one transaction and returns those not stored before. */
    public List<Anomaly> saveNew(List<Anomaly> anomalies, Instant detectedAt) {
        List<Anomaly> fresh = new ArrayList<>();
        if (anomalies.isEmpty()) {
            return fresh;
        }
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(false);
            for (Anomaly anomaly : anomalies) {
                insert.setString(1, anomaly.srcIp());
                insert.setString(2, anomaly.metric());
                insert.setObject(3, OffsetDateTime.ofInstant(anomaly.timestamp(), ZoneOffset.UTC));
                insert.setString(4, anomaly.source());
                insert.setDouble(5, anomaly.value());
                insert.setDouble(6, anomaly.expected());
                insert.setDouble(7, anomaly.score());
                insert.setObject(8, OffsetDateTime.ofInstant(detectedAt, ZoneOffset.UTC));
                if (insert.executeUpdate() == 1) {
                    fresh.add(anomaly);
                }
            }
            connection.commit();
            return fresh;
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
    }

    /** Anomalies in [from, to], oldest first, at most {@code limit}; ip, metric and source may be null for any. */
    public List<Anomaly> find(String ip, String metric, String source, Instant from, Instant to, int limit) {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setString(1, ip);
            query.setString(2, ip);
            query.setString(3, metric);
            query.setString(4, metric);
            query.setString(5, source);
            query.setString(6, source);
            query.setObject(7, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            query.setObject(8, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            query.setInt(9, limit);
            List<Anomaly> anomalies = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    anomalies.add(new Anomaly(rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant(), rows.getString(3),
                            rows.getDouble(4), rows.getDouble(5), rows.getDouble(6), rows.getString(7)));
                }
            }
            return anomalies;
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
    }

    /** How many anomalies each IP has, per source (e.g. {"streaming": 3, "forecast": 1}); IPs without any are absent. */
    public Map<String, Map<String, Long>> countsByIp() {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(COUNT_BY_IP);
             ResultSet rows = query.executeQuery()) {
            Map<String, Map<String, Long>> counts = new TreeMap<>();
            while (rows.next()) {
                counts.computeIfAbsent(rows.getString(1), ip -> new TreeMap<>()).put(rows.getString(2), rows.getLong(3));
            }
            return counts;
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
    }
}

package io.ipstream.forecasting.train;

import io.ipstream.forecasting.archive.Database;
import io.ipstream.forecasting.model.FittedModel;
import io.ipstream.forecasting.store.SeriesKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Models and forecasts in PostgreSQL: saving a series' training replaces its model and forecasts at once. */
public final class ModelRepository {
    private static final String UPSERT_MODEL = "INSERT INTO models (src_ip, metric, kind, trained_at, observations, validation_mase, "
            + "validation_coverage, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (src_ip, metric) DO UPDATE SET "
            + "kind = EXCLUDED.kind, trained_at = EXCLUDED.trained_at, observations = EXCLUDED.observations, "
            + "validation_mase = EXCLUDED.validation_mase, validation_coverage = EXCLUDED.validation_coverage, model = EXCLUDED.model";
    private static final String DELETE_FORECASTS = "DELETE FROM forecasts WHERE src_ip = ? AND metric = ?";
    private static final String INSERT_FORECAST = "INSERT INTO forecasts (src_ip, metric, ts, yhat, lower, upper, model, trained_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPSERT_HISTORY = "INSERT INTO forecast_history (src_ip, metric, ts, yhat, lower, upper, model, trained_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (src_ip, metric, ts) DO UPDATE SET yhat = EXCLUDED.yhat, lower = EXCLUDED.lower, "
            + "upper = EXCLUDED.upper, model = EXCLUDED.model, trained_at = EXCLUDED.trained_at";
    private static final String SELECT_FORECASTS = "SELECT ts, yhat, lower, upper, model, trained_at FROM forecasts "
            + "WHERE src_ip = ? AND metric = ? ORDER BY ts";
    private static final String SELECT_MODEL = "SELECT model FROM models WHERE src_ip = ? AND metric = ?";

    private final Database database;

    public ModelRepository(Database database) {
        this.database = database;
    }

    /** The series' model and forecasts replace the previous ones in one transaction; the forecasts also go to their history. */
    public void save(TrainedSeries trained) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement model = connection.prepareStatement(UPSERT_MODEL)) {
                    model.setString(1, trained.series().srcIp());
                    model.setString(2, trained.series().metric().wireName());
                    model.setString(3, trained.kind());
                    model.setObject(4, OffsetDateTime.ofInstant(trained.trainedAt(), ZoneOffset.UTC));
                    model.setInt(5, trained.observations());
                    model.setObject(6, Double.isNaN(trained.validationMase()) ? null : trained.validationMase());
                    model.setObject(7, Double.isNaN(trained.validationCoverage()) ? null : trained.validationCoverage());
                    model.setBytes(8, serialise(trained.model()));
                    model.executeUpdate();
                }
                try (PreparedStatement delete = connection.prepareStatement(DELETE_FORECASTS)) {
                    delete.setString(1, trained.series().srcIp());
                    delete.setString(2, trained.series().metric().wireName());
                    delete.executeUpdate();
                }
                insertForecasts(connection, INSERT_FORECAST, trained);
                insertForecasts(connection, UPSERT_HISTORY, trained);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
    }

    /** The forecast steps as rows of {@code sql} (the forecasts or their history: the same columns). */
    private static void insertForecasts(Connection connection, String sql, TrainedSeries trained) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (ForecastPoint point : trained.forecasts()) {
                insert.setString(1, trained.series().srcIp());
                insert.setString(2, trained.series().metric().wireName());
                insert.setObject(3, OffsetDateTime.ofInstant(Instant.ofEpochMilli(point.timestampMillis()), ZoneOffset.UTC));
                insert.setDouble(4, point.yhat());
                insert.setDouble(5, point.lower());
                insert.setDouble(6, point.upper());
                insert.setString(7, trained.kind());
                insert.setObject(8, OffsetDateTime.ofInstant(trained.trainedAt(), ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The series' stored forecasts, oldest first; empty when it was never trained. */
    public List<StoredForecast> forecasts(SeriesKey series) {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(SELECT_FORECASTS)) {
            query.setString(1, series.srcIp());
            query.setString(2, series.metric().wireName());
            List<StoredForecast> forecasts = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    forecasts.add(new StoredForecast(rows.getObject(1, OffsetDateTime.class).toInstant(), rows.getDouble(2), rows.getDouble(3),
                            rows.getDouble(4), rows.getString(5), rows.getObject(6, OffsetDateTime.class).toInstant()));
                }
            }
            return forecasts;
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
    }

    /** The series' stored model, deserialised. */
    public Optional<FittedModel> model(SeriesKey series) {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement(SELECT_MODEL)) {
            query.setString(1, series.srcIp());
            query.setString(2, series.metric().wireName());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(deserialise(rows.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
    }

    /** How many series have a model: for reports and tests. */
    public long modelCount() {
        try (Connection connection = database.connection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM models")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw database.unreachable(e);
        }
    }

    /** One stored forecast step. */
    public record StoredForecast(Instant ts, double yhat, double lower, double upper, String model, Instant trainedAt) {
    }

    private static byte[] serialise(FittedModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the model " + model.name() + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Only ipstream's own rows are read back; still, the stream may hold only the classes a model is
     * made of (ours, Smile's trees, collections, boxed numbers), bounded in depth and size.
     */
    private static final ObjectInputFilter MODEL_CLASSES = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;maxrefs=2000000;maxarray=50000000;maxbytes=500000000;"
                    + "io.ipstream.forecasting.model.**;smile.**;java.util.*;java.time.*;java.lang.Number;java.lang.Integer;"
                    + "java.lang.Long;java.lang.Double;java.lang.Boolean;java.lang.String;java.lang.Enum;java.lang.Object;!*");

    private static FittedModel deserialise(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(MODEL_CLASSES);
            return (FittedModel) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a stored model cannot be read (" + e.getMessage() + "); train again", e);
        }
    }
}

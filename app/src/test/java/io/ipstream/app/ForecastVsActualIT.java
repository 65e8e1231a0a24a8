package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.Anomaly;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.anomaly.AnomalyRepository;
import io.ipstream.forecasting.archive.Database;
import io.ipstream.forecasting.archive.PointArchive;
import io.ipstream.forecasting.model.History;
import io.ipstream.forecasting.model.SeasonalNaive;
import io.ipstream.forecasting.model.SeriesCalendar;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.SeriesPoint;
import io.ipstream.forecasting.train.ForecastPoint;
import io.ipstream.forecasting.train.ModelRepository;
import io.ipstream.forecasting.train.TrainedSeries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code forecast_vs_actual} view: archived actuals beside the latest forecast made for each timestamp, and the anomaly flag. */
class ForecastVsActualIT {
    private static final SeriesKey SERIES = new SeriesKey("198.51.100.7", Metric.UNQ_DST_IP);
    private static final long HOUR = 3_600_000L;
    private static final long T0 = Instant.parse("2024-03-04T08:00:00Z").toEpochMilli();

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture();

    @Test
    void shouldPairEachArchivedActualWithTheLastForecastMadeForItAndFlagAnomalies() throws Exception {
        try (Database database = fixture.openDatabase()) {
            // given: actuals at hours 0-2 archived; round 1 forecasts hours 2-3; a streaming anomaly at hour 2;
            // round 2, trained later, forecasts hours 3-4
            new PointArchive(database).write(List.of(point(0, 10), point(1, 11), point(2, 40)));
            ModelRepository models = new ModelRepository(database);
            models.save(round(Instant.parse("2024-03-04T09:30:00Z"), List.of(step(2, 12), step(3, 13))));
            new AnomalyRepository(database).saveNew(List.of(new Anomaly(SERIES.srcIp(), Instant.ofEpochMilli(T0 + 2 * HOUR),
                    SERIES.metric().wireName(), 40, 12, 6.1, Anomaly.STREAMING)), Instant.now());
            models.save(round(Instant.parse("2024-03-04T10:30:00Z"), List.of(step(3, 14), step(4, 15))));

            // when
            List<String> rows = new ArrayList<>();
            try (Connection connection = database.connection();
                 PreparedStatement query = connection.prepareStatement(
                         "SELECT ts, actual, yhat, lower, upper, anomaly FROM forecast_vs_actual WHERE ip = ? AND metric = ? ORDER BY ts")) {
                query.setString(1, SERIES.srcIp());
                query.setString(2, SERIES.metric().wireName());
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        rows.add(result.getObject(1, OffsetDateTime.class).toInstant() + " actual=" + result.getObject(2)
                                + " yhat=" + result.getObject(3) + " band=[" + result.getObject(4) + ", " + result.getObject(5) + "]"
                                + " anomaly=" + result.getBoolean(6));
                    }
                }
            }

            // then: every actual, every forecast step (round 2's for hour 3), the anomaly where it was flagged
            assertThat(rows).containsExactly(
                    "2024-03-04T08:00:00Z actual=10.0 yhat=null band=[null, null] anomaly=false",
                    "2024-03-04T09:00:00Z actual=11.0 yhat=null band=[null, null] anomaly=false",
                    "2024-03-04T10:00:00Z actual=40.0 yhat=12.0 band=[10.0, 14.0] anomaly=true",
                    "2024-03-04T11:00:00Z actual=null yhat=14.0 band=[12.0, 16.0] anomaly=false",
                    "2024-03-04T12:00:00Z actual=null yhat=15.0 band=[13.0, 17.0] anomaly=false");
            // and: the forecasts table still holds only the last round
            assertThat(models.forecasts(SERIES)).extracting(f -> f.ts().toEpochMilli()).containsExactly(T0 + 3 * HOUR, T0 + 4 * HOUR);
        }
    }

    private static SeriesPoint point(int hour, double value) {
        return new SeriesPoint(SERIES, new Point(T0 + hour * HOUR, value));
    }

    private static ForecastPoint step(int hour, double yhat) {
        return new ForecastPoint(T0 + hour * HOUR, yhat, yhat - 2, yhat + 2);
    }

    private static TrainedSeries round(Instant trainedAt, List<ForecastPoint> steps) {
        long[] timestamps = LongStream.range(0, 48).map(h -> T0 - (48 - h) * HOUR).toArray();
        History history = new History(timestamps, LongStream.range(0, 48).mapToDouble(h -> 10 + h % 3).toArray(),
                SeriesCalendar.learn(timestamps, ZoneOffset.UTC));
        return new TrainedSeries(SERIES, "seasonal_naive_day", trainedAt, history.size(), Double.NaN, Double.NaN,
                SeasonalNaive.day().fit(history), steps);
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.Anomaly;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.anomaly.AnomalyRepository;
import io.ipstream.forecasting.anomaly.AnomalySink;
import io.ipstream.forecasting.archive.Archiver;
import io.ipstream.forecasting.archive.Database;
import io.ipstream.forecasting.archive.PointArchive;
import io.ipstream.forecasting.history.HistoryReader;
import io.ipstream.forecasting.model.FittedModel;
import io.ipstream.forecasting.model.Models;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.SeriesPoint;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.forecasting.train.ModelRepository;
import io.ipstream.forecasting.train.ModelRepository.StoredForecast;
import io.ipstream.forecasting.train.Trainer;
import io.ipstream.forecasting.train.TrainerSettings;
import io.ipstream.forecasting.train.TrainingRun;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The trainer on the seed data across Redis and PostgreSQL: models and forecasts stored, replaced on re-training, read back the same. */
class TrainerIT {
    private static final List<Metric> METRICS = List.of(Metric.UNQ_DST_IP, Metric.BYTESOUT);
    private static final int HORIZON = 8;

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture();


    @Test
    void shouldStoreEachSeriesModelAndForecastsOnTheDataCalendarAndReplaceThemOnRetraining() throws Exception {
        try (TimeSeriesStore store = fixture.openStore(); Database database = fixture.openDatabase()) {
            // given: the seed data, its older part archived to PostgreSQL
            store.add(StoreFixture.seedPoints());
            PointArchive archive = new PointArchive(database);
            new Archiver(store, archive, Duration.ofDays(7), 50_000, (points, changed) -> { }).runOnce();
            ModelRepository models = new ModelRepository(database);
            Trainer trainer = new Trainer(store, new HistoryReader(store, archive), models, Models.production(),
                    new TrainerSettings(METRICS, HORIZON, Duration.ofDays(90), 5, 0.95, 2, ZoneOffset.UTC), Clock.systemUTC(),
                    AnomalySink.stored(new AnomalyRepository(database), Clock.systemUTC()));
            Map<SeriesKey, Map<Long, Double>> seed = StoreFixture.seedSeries();

            // when
            TrainingRun first = trainer.runOnce(ip -> true);

            // then: every IP x metric trained, eight forecasts each on the seed's own calendar
            assertThat(first.trained()).isEqualTo(3 * METRICS.size());
            assertThat(first.failed()).isZero();
            assertThat(models.modelCount()).isEqualTo(3L * METRICS.size());
            for (Metric metric : METRICS) {
                for (String ip : List.of("46.39.79.251", "229.46.205.74", "187.44.158.33")) {
                    SeriesKey series = new SeriesKey(ip, metric);
                    List<StoredForecast> forecasts = models.forecasts(series);
                    assertThat(forecasts).as(series.toString()).hasSize(HORIZON);
                    assertOnTheCalendarOf(seed.get(series), forecasts);
                    assertThat(forecasts).allSatisfy(f -> assertThat(f.lower()).isBetween(0.0, f.yhat()))
                            .allSatisfy(f -> assertThat(f.upper()).isGreaterThanOrEqualTo(f.yhat()));

                    // and: the stored model, read back, forecasts the same
                    FittedModel model = models.model(series).orElseThrow();
                    double[] again = model.forecast(forecasts.stream().mapToLong(f -> f.ts().toEpochMilli()).toArray());
                    assertThat(again).containsExactly(forecasts.stream().mapToDouble(StoredForecast::yhat).toArray());
                }
            }

            // and: the IP that went silent is forecast silent
            assertThat(models.forecasts(new SeriesKey("229.46.205.74", Metric.UNQ_DST_IP))).allSatisfy(f -> assertThat(f.yhat()).isZero());

            // when: trained again
            Instant before = models.forecasts(new SeriesKey("46.39.79.251", Metric.UNQ_DST_IP)).get(0).trainedAt();
            trainer.runOnce(ip -> true);

            // then: replaced, not added to
            SeriesKey watched = new SeriesKey("46.39.79.251", Metric.UNQ_DST_IP);
            List<StoredForecast> replaced = models.forecasts(watched);
            assertThat(replaced).hasSize(HORIZON);
            assertThat(replaced.get(0).trainedAt()).isAfter(before);
            assertThat(models.modelCount()).isEqualTo(3L * METRICS.size());

            // when: the forecast hours arrive, the first far above its interval, the others as forecast
            List<SeriesPoint> arrived = new java.util.ArrayList<>();
            for (int step = 0; step < replaced.size(); step++) {
                StoredForecast forecast = replaced.get(step);
                double actual = step == 0 ? 10 * forecast.upper() + 100 : forecast.yhat();
                arrived.add(new SeriesPoint(watched, new Point(forecast.ts().toEpochMilli(), actual)));
            }
            store.add(arrived);
            trainer.runOnce(ip -> true);
            trainer.runOnce(ip -> true);

            // then: one forecast anomaly, the first hour, stored once however often the rounds run
            List<Anomaly> anomalies = new AnomalyRepository(database).find(null, null, null, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 100);
            assertThat(anomalies).extracting(Anomaly::srcIp, Anomaly::metric, Anomaly::timestamp, Anomaly::source)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(watched.srcIp(), watched.metric().wireName(), replaced.get(0).ts(),
                            Anomaly.FORECAST));
            assertThat(anomalies.get(0).score()).isGreaterThan(1);
        }
    }

    /**
     * The forecasts follow the last observation, at weekday-and-hour slots the data has, in order,
     * skipping every slot the data never has (its nights and weekends).
     */
    private static void assertOnTheCalendarOf(Map<Long, Double> observed, List<StoredForecast> forecasts) {
        TreeMap<Long, Double> history = new TreeMap<>(observed);
        java.util.Set<String> slots = new java.util.HashSet<>();
        history.keySet().forEach(ts -> slots.add(slot(ts)));
        long previous = history.lastKey();
        for (StoredForecast forecast : forecasts) {
            long ts = forecast.ts().toEpochMilli();
            assertThat(slots).as("slot of " + forecast.ts()).contains(slot(ts));
            for (long between = previous + 3_600_000L; between < ts; between += 3_600_000L) {
                assertThat(slots).as("skipped " + Instant.ofEpochMilli(between)).doesNotContain(slot(between));
            }
            previous = ts;
        }
        assertThat(LocalDateTime.ofInstant(forecasts.get(0).ts(), ZoneOffset.UTC).getDayOfWeek())
                .as("the seed ends on a Friday: the next observation is on Monday").isEqualTo(DayOfWeek.MONDAY);
    }

    private static String slot(long ts) {
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(ts), ZoneOffset.UTC);
        return local.getDayOfWeek() + "@" + local.getHour();
    }
}

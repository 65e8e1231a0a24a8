package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.TimeSeriesStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each point of a data set belongs once the archive has caught up with it: each series' last
 * {@code horizon} of event time (counted back from its own newest point) in Redis, everything older
 * in PostgreSQL, nothing in both.
 */
record HorizonSplit(Map<SeriesKey, Map<Long, Double>> redis, Map<SeriesKey, Map<Long, Double>> archived) {

    static HorizonSplit of(Map<SeriesKey, Map<Long, Double>> points, Duration horizon) {
        Map<SeriesKey, Map<Long, Double>> redis = new HashMap<>();
        Map<SeriesKey, Map<Long, Double>> archived = new HashMap<>();
        points.forEach((series, seriesPoints) -> {
            TreeMap<Long, Double> sorted = new TreeMap<>(seriesPoints);
            long cutoff = sorted.lastKey() - horizon.toMillis();
            redis.put(series, new TreeMap<>(sorted.tailMap(cutoff, false)));
            if (!sorted.headMap(cutoff, true).isEmpty()) {
                archived.put(series, new TreeMap<>(sorted.headMap(cutoff, true)));
            }
        });
        return new HorizonSplit(redis, archived);
    }

    /** Asserts that Redis under {@code store} and PostgreSQL under {@code fixture} hold exactly this, every point once. */
    void assertHeldBy(TimeSeriesStore store, StoreFixture fixture) throws SQLException {
        Map<SeriesKey, Map<Long, Double>> inRedis = StoreFixture.redisPoints(store);
        Map<SeriesKey, Map<Long, Double>> inPostgres = fixture.archivedPoints();
        assertThat(StoreFixture.overlap(inRedis, inPostgres)).as("points in both Redis and PostgreSQL").isZero();
        assertThat(StoreFixture.count(inRedis) + StoreFixture.count(inPostgres)).as("points in Redis and PostgreSQL")
                .isEqualTo(StoreFixture.count(redis) + StoreFixture.count(archived));
        assertThat(inRedis).as("Redis: each series' newest points").isEqualTo(redis);
        assertThat(inPostgres).as("PostgreSQL: everything older").isEqualTo(archived);
    }
}

package io.ipstream.forecasting.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TimeSeriesStore} must do, whatever Redis it runs on. Each test writes under its
 * own key prefix, so runs never see each other's data or anyone else's.
 */
abstract class TimeSeriesStoreContract {
    private static final Duration LONG_RETENTION = Duration.ofDays(10_000);
    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_641_196_800_000L; // 2022-01-03T08:00:00Z

    private final List<TimeSeriesStore> opened = new ArrayList<>();

    /** A store on the Redis under test, writing under {@code prefix}. */
    protected abstract TimeSeriesStore open(String prefix, Duration retention);

    /** Removes every key under {@code prefix}. */
    protected abstract void deleteAll(String prefix);

    private String prefix;

    private TimeSeriesStore store(Duration retention) {
        if (prefix == null) {
            prefix = "ipstreamtest" + UUID.randomUUID().toString().replace("-", "");
        }
        TimeSeriesStore store = open(prefix, retention);
        opened.add(store);
        return store;
    }

    @AfterEach
    void cleanUp() {
        if (prefix != null) {
            deleteAll(prefix);
        }
        opened.forEach(TimeSeriesStore::close);
    }

    private static List<SeriesPoint> hourly(SeriesKey series, int hours, double start) {
        List<SeriesPoint> points = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            points.add(new SeriesPoint(series, new Point(T0 + h * HOUR, start + h)));
        }
        return points;
    }

    @Test
    void shouldReturnThePointsOfARangeInTimeOrder() {
        // given
        TimeSeriesStore store = store(LONG_RETENTION);
        SeriesKey series = new SeriesKey("46.39.79.251", Metric.UNQ_DST_IP);
        store.add(hourly(series, 11, 3));

        // when
        List<Point> points = store.range(series, T0 + 2 * HOUR, T0 + 5 * HOUR);

        // then
        assertThat(points).containsExactly(new Point(T0 + 2 * HOUR, 5), new Point(T0 + 3 * HOUR, 6),
                new Point(T0 + 4 * HOUR, 7), new Point(T0 + 5 * HOUR, 8));
    }

    @Test
    void shouldKeepTheLastWriteForATimestampSoReplaysStoreNothingTwice() {
        // given
        TimeSeriesStore store = store(LONG_RETENTION);
        SeriesKey series = new SeriesKey("2001:db8::1", Metric.BYTESOUT);
        store.add(hourly(series, 5, 100));

        // when: the same points again, and one timestamp with a new value
        store.add(hourly(series, 5, 100));
        store.add(List.of(new SeriesPoint(series, new Point(T0 + HOUR, 999))));

        // then
        List<Point> points = store.range(series, 0, Long.MAX_VALUE);
        assertThat(points).hasSize(5);
        assertThat(points.get(1)).isEqualTo(new Point(T0 + HOUR, 999));
    }

    @Test
    void shouldLabelEachSeriesWithItsIpAndMetric() {
        // given
        TimeSeriesStore store = store(LONG_RETENTION);
        SeriesKey series = new SeriesKey("229.46.205.74", Metric.DROP);

        // when
        store.add(hourly(series, 1, 1));

        // then
        assertThat(store.labels(series)).containsEntry(TimeSeriesStore.SRC_IP_LABEL, "229.46.205.74")
                .containsEntry(TimeSeriesStore.DATA_TYPE_LABEL, "drop");
        assertThat(store.labels(new SeriesKey("229.46.205.74", Metric.ALLOW))).isEmpty();
    }

    @Test
    void shouldFindEverySeriesOfAMetricAcrossIps() {
        // given
        TimeSeriesStore store = store(LONG_RETENTION);
        List<SeriesPoint> points = new ArrayList<>();
        points.addAll(hourly(new SeriesKey("10.0.0.1", Metric.ALLOW), 3, 1));
        points.addAll(hourly(new SeriesKey("10.0.0.2", Metric.ALLOW), 2, 10));
        points.addAll(hourly(new SeriesKey("10.0.0.1", Metric.DROP), 4, 0));
        store.add(points);

        // when
        Map<SeriesKey, List<Point>> allow = store.rangeByMetric(Metric.ALLOW, T0, T0 + HOUR);

        // then
        assertThat(allow).containsOnlyKeys(new SeriesKey("10.0.0.1", Metric.ALLOW), new SeriesKey("10.0.0.2", Metric.ALLOW));
        assertThat(allow.get(new SeriesKey("10.0.0.2", Metric.ALLOW))).containsExactly(new Point(T0, 10), new Point(T0 + HOUR, 11));
    }

    @Test
    void shouldRemoveExactlyThePointsGivenAndSayHowMany() {
        // given
        TimeSeriesStore store = store(LONG_RETENTION);
        SeriesKey series = new SeriesKey("187.44.158.33", Metric.PKTS_SENT);
        store.add(hourly(series, 10, 0));
        List<Point> firstFour = store.range(series, T0, T0 + 3 * HOUR);

        // when
        long removed = store.remove(Map.of(series, firstFour));

        // then
        assertThat(removed).isEqualTo(4);
        assertThat(store.range(series, 0, Long.MAX_VALUE)).extracting(Point::timestampMillis).first().isEqualTo(T0 + 4 * HOUR);
        assertThat(store.remove(Map.of(new SeriesKey("187.44.158.33", Metric.ALLOW), firstFour))).isZero();
    }

    @Test
    void shouldListEverySeriesOfAMetricAndFindThePointsFarEnoughBehindEachOnesNewest() {
        // given: one series of 3 hours and one of 7 hours, both of allow, and a drop series
        TimeSeriesStore store = store(LONG_RETENTION);
        SeriesKey shortSeries = new SeriesKey("10.0.0.1", Metric.ALLOW);
        SeriesKey longSeries = new SeriesKey("2001:db8::7", Metric.ALLOW);
        store.add(hourly(shortSeries, 3, 1));
        store.add(hourly(longSeries, 7, 1));
        store.add(hourly(new SeriesKey("10.0.0.1", Metric.DROP), 4, 0));

        // when
        List<SeriesKey> allow = store.series(Metric.ALLOW);
        Map<SeriesKey, List<Point>> old = store.olderThanNewest(
                List.of(shortSeries, longSeries, new SeriesKey("192.0.2.1", Metric.ALLOW)), 4 * HOUR);

        // then: only the long series has points 4 hours or more behind its newest (hours 0, 1, 2 of 0-6)
        assertThat(allow).containsExactlyInAnyOrder(shortSeries, longSeries);
        assertThat(old).containsOnlyKeys(longSeries);
        assertThat(old.get(longSeries)).extracting(Point::timestampMillis).containsExactly(T0, T0 + HOUR, T0 + 2 * HOUR);
    }

    @Test
    void shouldDropPointsOlderThanTheRetentionBeforeTheNewest() {
        // given: a retention of 5 hours
        TimeSeriesStore store = store(Duration.ofHours(5));
        SeriesKey series = new SeriesKey("46.39.79.251", Metric.FREQUENCY);

        // when: 10 hourly points
        store.add(hourly(series, 10, 0));

        // then: the points within 5 hours of the newest remain
        assertThat(store.range(series, 0, Long.MAX_VALUE)).extracting(Point::timestampMillis)
                .allMatch(ts -> ts >= T0 + 9 * HOUR - 5 * HOUR).contains(T0 + 9 * HOUR);
    }

    @Test
    void shouldWriteLargeBatchesCompletely() {
        // given
        TimeSeriesStore store = store(LONG_RETENTION);
        SeriesKey series = new SeriesKey("46.39.79.251", Metric.BYTESIN);

        // when: more points than one command carries
        store.add(hourly(series, 2_500, 0));

        // then
        assertThat(store.range(series, 0, Long.MAX_VALUE)).hasSize(2_500);
    }

    @Test
    void shouldSayTheServerIsReachableWhileConnected() {
        // given
        TimeSeriesStore store = store(LONG_RETENTION);

        // when / then
        assertThat(store.reachable()).isTrue();
    }

    @Test
    void shouldReturnNothingForASeriesNeverWritten() {
        // given
        TimeSeriesStore store = store(LONG_RETENTION);

        // when / then
        assertThat(store.range(new SeriesKey("192.0.2.1", Metric.ALLOW), 0, Long.MAX_VALUE)).isEmpty();
        assertThat(store.rangeByMetric(Metric.UNQ_DST_PORT, 0, Long.MAX_VALUE)).isEmpty();
    }
}

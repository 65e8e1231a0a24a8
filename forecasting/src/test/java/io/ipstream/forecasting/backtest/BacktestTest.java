package io.ipstream.forecasting.backtest;

import static io.ipstream.forecasting.model.SyntheticSeries.UTC;
import static io.ipstream.forecasting.model.SyntheticSeries.at;
import static io.ipstream.forecasting.model.SyntheticSeries.millis;
import static io.ipstream.forecasting.model.SyntheticSeries.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ipstream.common.Metric;
import io.ipstream.forecasting.model.Forecaster;
import io.ipstream.forecasting.model.Days;
import io.ipstream.forecasting.model.History;
import io.ipstream.forecasting.model.MedianEnsemble;
import io.ipstream.forecasting.model.SeasonalMedian;
import io.ipstream.forecasting.model.SeasonalNaive;
import io.ipstream.forecasting.model.SeriesCalendar;
import io.ipstream.forecasting.model.SyntheticSeries;
import io.ipstream.forecasting.store.SeriesKey;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rolling-origin day-ahead protocol on series whose scores are known from how they were made:
 * seasonal naive is perfect on a periodic series and exactly one scale off on a linear trend (the
 * scale being the same one-day difference it forecasts with).
 */
class BacktestTest {
    private static final int SEASON = 24;
    private static final int DAYS = 20;
    private static final int TEST_DAYS = 5;
    private static final int VALIDATION_DAYS = 3;
    private static final double SLOPE = 0.5;
    private static final SeriesKey KEY = new SeriesKey("10.0.0.1", Metric.FREQUENCY);
    private static final SeriesKey OTHER = new SeriesKey("10.0.0.2", Metric.ALLOW);

    private final Backtest backtest = new Backtest(new BacktestSettings(TEST_DAYS, VALIDATION_DAYS, 0.95));

    private static History periodic() {
        return SyntheticSeries.history(SyntheticSeries.hourly(DAYS), (i, slot) -> profile(slot, SEASON));
    }

    /** The profile on a level rising by {@link #SLOPE} per hour: every one-day difference is exactly SLOPE * SEASON. */
    private static History trend() {
        return SyntheticSeries.history(SyntheticSeries.hourly(DAYS), (i, slot) -> 100 + SLOPE * i + profile(slot, SEASON));
    }

    private static ModelScore score(BacktestReport report, String model) {
        return report.models().stream().filter(m -> m.model().equals(model)).findFirst().orElseThrow();
    }

    @Test
    void dayStartsAreEachCalendarDaysFirstObservation() {
        // given three observations on Monday, two on Tuesday, none on Wednesday, one on Thursday
        LocalDate monday = SyntheticSeries.MONDAY;
        long[] timestamps = {
            millis(at(monday, 8), UTC), millis(at(monday, 9), UTC), millis(at(monday, 10), UTC),
            millis(at(monday.plusDays(1), 8), UTC), millis(at(monday.plusDays(1), 17), UTC),
            millis(at(monday.plusDays(3), 12), UTC),
        };
        History history = new History(timestamps, new double[6], SeriesCalendar.learn(timestamps, UTC));

        // when
        List<Integer> starts = Days.starts(history);

        // then
        assertThat(starts).containsExactly(0, 3, 5);
    }

    @Test
    void dayStartsAreCalendarDaysInTheSeriesZone() {
        // given four hourly observations around midnight UTC, 22:00 to 01:00
        LocalDate monday = SyntheticSeries.MONDAY;
        long[] timestamps = {
            millis(at(monday, 22), UTC), millis(at(monday, 23), UTC),
            millis(at(monday.plusDays(1), 0), UTC), millis(at(monday.plusDays(1), 1), UTC),
        };
        ZoneId threeHoursEast = ZoneOffset.ofHours(3);

        // when
        List<Integer> inUtc = Days.starts(new History(timestamps, new double[4], SeriesCalendar.learn(timestamps, UTC)));
        List<Integer> east = Days.starts(new History(timestamps, new double[4], SeriesCalendar.learn(timestamps, threeHoursEast)));

        // then in UTC midnight splits them; three hours east they are all Tuesday, 01:00 to 04:00
        assertThat(inUtc).containsExactly(0, 2);
        assertThat(east).containsExactly(0);
    }

    @Test
    void scaleIsTheMeanAbsoluteOneSeasonDifferenceBeforeTheEnd() {
        // given a hand-made series with a season of 3
        double[] y = {1, 2, 3, 2, 4, 7, 100};

        // when / then: |2-1|, |4-2|, |7-3| before index 6; the 100 lies beyond the end
        assertThat(Days.naiveScale(y, 6, 3)).isCloseTo((1 + 2 + 4) / 3.0, within(1e-12));
        assertThat(Days.naiveScale(y, 5, 3)).isCloseTo((1 + 2) / 2.0, within(1e-12));
    }

    @Test
    void scaleOfAConstantSeriesIsOneSoThatErrorsStayFinite() {
        assertThat(Days.naiveScale(new double[] {5, 5, 5, 5, 5, 5}, 6, 2)).isEqualTo(1);
    }

    @Test
    void seasonalNaiveOnAPeriodicSeriesIsPerfectAndFullyCovered() throws InterruptedException {
        // given a series that repeats the same day
        Map<SeriesKey, History> series = Map.of(KEY, periodic());

        // when
        BacktestReport report = backtest.run(series, List.of(SeasonalNaive.day()), "seasonal_naive_day", row -> { });

        // then
        ModelScore naive = score(report, "seasonal_naive_day");
        assertThat(naive.meanMase()).isZero();
        assertThat(naive.coverage()).isEqualTo(1.0);
        assertThat(naive.widthOverScale()).isZero();
        assertThat(naive.series()).singleElement().satisfies(s -> {
            assertThat(s.mae()).isZero();
            assertThat(s.rmse()).isZero();
            assertThat(s.forecasts()).isEqualTo(TEST_DAYS * SEASON);
        });
        assertThat(report.series()).isEqualTo(1);
        assertThat(report.originsPerModel()).isEqualTo(TEST_DAYS);
        assertThat(report.skipped()).isEmpty();
        assertThat(report.selected()).isEqualTo("seasonal_naive_day");
    }

    @Test
    void seasonalNaiveOnALinearTrendScoresAMaseOfExactlyOne() throws InterruptedException {
        // given a rising series: the day-ahead naive error and the training scale are both one day of trend
        Map<SeriesKey, History> series = Map.of(KEY, trend());

        // when
        BacktestReport report = backtest.run(series, List.of(SeasonalNaive.day(), SeasonalNaive.week()), "seasonal_naive_day", row -> { });

        // then the weekly naive lags seven days of trend
        assertThat(score(report, "seasonal_naive_day").meanMase()).isCloseTo(1.0, within(1e-9));
        assertThat(score(report, "seasonal_naive_day").series().get(0).mae()).isCloseTo(SLOPE * SEASON, within(1e-9));
        assertThat(score(report, "seasonal_naive_week").meanMase()).isCloseTo(7.0, within(1e-9));
    }

    @Test
    void anEnsembleIsScoredOnTheStepByStepMedianOfItsMembers() throws InterruptedException {
        // given a rising series and an ensemble of members lagging one, two (median of 1-3 days) and seven days
        MedianEnsemble ensemble = new MedianEnsemble("naive_median", List.of(SeasonalNaive.day(), new SeasonalMedian(3), SeasonalNaive.week()));
        Map<SeriesKey, History> series = Map.of(KEY, trend());

        // when
        BacktestReport report = backtest.run(series, List.<Forecaster>of(ensemble), "naive_median", row -> { });

        // then the median lags two days of trend
        assertThat(score(report, "naive_median").meanMase()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void everyTestForecastIsReportedAsARow() throws InterruptedException {
        // given a rising series
        History history = trend();
        List<ForecastRow> rows = new ArrayList<>();

        // when
        backtest.run(Map.of(KEY, history), List.of(SeasonalNaive.day()), "seasonal_naive_day", rows::add);

        // then one row per observation of the last TEST_DAYS days, steps 1..24 each day, naive = one day earlier
        assertThat(rows).hasSize(TEST_DAYS * SEASON);
        int firstTest = (DAYS - TEST_DAYS) * SEASON;
        for (int k = 0; k < rows.size(); k++) {
            ForecastRow row = rows.get(k);
            int t = firstTest + k;
            assertThat(row.model()).isEqualTo("seasonal_naive_day");
            assertThat(row.series()).isEqualTo(KEY);
            assertThat(row.h()).isEqualTo(k % SEASON + 1);
            assertThat(row.timestampMillis()).isEqualTo(history.timestamps()[t]);
            assertThat(row.day()).isEqualTo(SyntheticSeries.MONDAY.plusDays(DAYS - TEST_DAYS + k / SEASON));
            assertThat(row.y()).isEqualTo(history.values()[t]);
            assertThat(row.yhat()).isEqualTo(history.values()[t - SEASON]);
            assertThat(row.lo()).isLessThanOrEqualTo(row.hi());
        }
    }

    @Test
    void aSeriesTooShortForTheProtocolIsSkippedNotScored() throws InterruptedException {
        // given one long series and one with fewer days than the test and validation periods need
        Map<SeriesKey, History> series = new LinkedHashMap<>();
        series.put(KEY, periodic());
        series.put(OTHER, SyntheticSeries.history(SyntheticSeries.hourly(TEST_DAYS + VALIDATION_DAYS + 1), (i, slot) -> profile(slot, SEASON)));

        // when
        BacktestReport report = backtest.run(series, List.of(SeasonalNaive.day()), "seasonal_naive_day", row -> { });

        // then
        assertThat(report.skipped()).containsExactly(OTHER);
        assertThat(report.series()).isEqualTo(1);
        assertThat(score(report, "seasonal_naive_day").series()).extracting(SeriesScore::series).containsExactly(KEY);
    }

    @Test
    void businessHoursSeriesAreBacktestedOnTheirOwnCalendar() throws InterruptedException {
        // given five weeks of a weekday 08:00-18:00 profile (11 observations a day, no nights or weekends)
        History history = SyntheticSeries.history(SyntheticSeries.businessHours(35), (i, slot) -> profile(slot, 11));
        List<ForecastRow> rows = new ArrayList<>();

        // when
        BacktestReport report = backtest.run(Map.of(KEY, history), List.of(SeasonalNaive.day()), "seasonal_naive_day", rows::add);

        // then Monday is forecast from Friday without loss, and each test day holds 11 forecasts
        assertThat(score(report, "seasonal_naive_day").meanMase()).isZero();
        assertThat(rows).hasSize(TEST_DAYS * 11);
        assertThat(rows).extracting(ForecastRow::h).containsOnly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }
}

package io.ipstream.forecasting.model;

import static io.ipstream.forecasting.model.SyntheticSeries.UTC;
import static io.ipstream.forecasting.model.SyntheticSeries.local;
import static io.ipstream.forecasting.model.SyntheticSeries.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Gradient-boosted trees on lag, weekday and slot features. Daily profiles and all-zero series are
 * in {@link ForecasterSpecificationTest}; here what only the trees can do, and their fallbacks.
 */
class BoostedTreesTest {
    private static final int SEASON = 24;

    @Test
    void forecastsAQuietWeekendAfterABusyFridayFromTheWeekdayAndTheWeekBefore() {
        // given almost four weeks, ending on a Friday, of a daily profile at a quarter of its level on weekends
        long[] timestamps = SyntheticSeries.hourly(26);
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, UTC);
        double[] values = new double[timestamps.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (calendar.weekdayOf(timestamps[i]) >= 5 ? 0.25 : 1) * profile(i % SEASON, SEASON);
        }
        History history = new History(timestamps, values, calendar);
        long[] saturday = calendar.after(timestamps[timestamps.length - 1], SEASON);

        // when
        double[] trees = new BoostedTrees(60).forecast(history, saturday);
        double[] dayLag = SeasonalNaive.day().forecast(history, saturday);

        // then the trees forecast the weekend level, where yesterday's value is four times too high
        assertThat(local(saturday[0], UTC).getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        double[] expected = new double[SEASON];
        for (int k = 0; k < SEASON; k++) {
            expected[k] = 0.25 * profile(k, SEASON);
        }
        double level = SyntheticSeries.mean(expected);
        assertThat(SyntheticSeries.meanAbsoluteError(expected, trees)).isLessThan(0.05 * level);
        assertThat(SyntheticSeries.meanAbsoluteError(expected, dayLag)).isGreaterThan(2 * level);
    }

    @Test
    void aHistoryWithoutAWeekAndTwoDaysOfRowsFallsBackToSeasonalNaive() {
        // given eight days of data: the first week only feeds the week-lag feature, one day of rows is left
        History history = SyntheticSeries.history(SyntheticSeries.hourly(8), (i, slot) -> profile(slot, SEASON) + i % 7);
        long[] tomorrow = history.calendar().after(history.timestamps()[history.size() - 1], SEASON);

        // when
        double[] forecast = new BoostedTrees(60).forecast(history, tomorrow);

        // then
        assertThat(forecast).containsExactly(SeasonalNaive.day().forecast(history, tomorrow));
    }

    @Test
    void aSeriesObservedOnOneWeekdayOnlyCanBeForecast() {
        // given three Mondays of hourly data (the calendar: one active day a week)
        long[] mondays = Arrays.stream(SyntheticSeries.hourly(15))
                .filter(ts -> local(ts, UTC).getDayOfWeek() == DayOfWeek.MONDAY)
                .toArray();
        History history = SyntheticSeries.history(mondays, (i, slot) -> profile(slot, SEASON));
        long[] nextMonday = history.calendar().after(mondays[mondays.length - 1], SEASON);

        // when
        double[] forecast = new BoostedTrees(60).forecast(history, nextMonday);

        // then the profile, like on any other calendar
        assertThat(history.calendar().activeDaysPerWeek()).isEqualTo(1);
        double[] expected = SyntheticSeries.profileDay(SEASON);
        for (int k = 0; k < SEASON; k++) {
            assertThat(forecast[k]).isCloseTo(expected[k], within(0.1 * 71));
        }
    }

    @Test
    void rollingForecastsFitOnceAndReadOnlyWhatPrecedesEachOrigin() {
        // given five weeks of a noisy daily profile, and a copy whose last day is wildly different
        History history = SyntheticSeries.history(SyntheticSeries.hourly(35), (i, slot) -> profile(slot, SEASON) + (i * 7919 % 13));
        BoostedTrees trees = new BoostedTrees(60);

        // when: day-ahead forecasts from two origins, in each history
        double[][] forecasts = SyntheticSeries.rollingFromTwoOrigins(trees, history, SEASON);
        double[][] forecastsChanged = SyntheticSeries.rollingFromTwoOrigins(trees, SyntheticSeries.withWildLastDay(history, SEASON), SEASON);

        // then: the first origin is exactly a fit there; nothing after an origin reaches its forecast;
        // the later origin, from the same trees, is about as accurate as a refit there
        int firstOrigin = history.size() - 3 * SEASON;
        int secondOrigin = firstOrigin + SEASON;
        assertThat(forecasts[0]).containsExactly(trees.forecast(history.head(firstOrigin), Arrays.copyOfRange(history.timestamps(), firstOrigin, secondOrigin)));
        assertThat(forecastsChanged).isDeepEqualTo(forecasts);
        double[] actual = Arrays.copyOfRange(history.values(), secondOrigin, secondOrigin + SEASON);
        double[] refit = trees.forecast(history.head(secondOrigin), Arrays.copyOfRange(history.timestamps(), secondOrigin, secondOrigin + SEASON));
        assertThat(SyntheticSeries.meanAbsoluteError(actual, forecasts[1]))
                .isLessThan(SyntheticSeries.meanAbsoluteError(actual, refit) + 0.05 * SyntheticSeries.mean(actual));
    }
}

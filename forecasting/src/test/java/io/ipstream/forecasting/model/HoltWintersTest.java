package io.ipstream.forecasting.model;

import static io.ipstream.forecasting.model.SyntheticSeries.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damped additive Holt-Winters: it follows a trend that day-lag models trail by a full day. */
class HoltWintersTest {
    private static final int DAYS = 28;
    private static final int SEASON = 24;
    private static final double SLOPE = 0.5;

    @ParameterizedTest(name = "log scale: {0}")
    @ValueSource(booleans = {false, true})
    void followsALinearTrendFarBetterThanSeasonalNaive(boolean logScale) {
        // given a daily profile on a level rising by SLOPE every hour
        SyntheticSeries.Values values = (i, slot) -> 100 + SLOPE * i + profile(slot, SEASON);
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), values);
        long[] tomorrow = history.calendar().after(history.timestamps()[history.size() - 1], SEASON);
        double[] actual = SyntheticSeries.continuation(history.size(), SEASON, SEASON, values);

        // when
        double holtWinters = SyntheticSeries.meanAbsoluteError(actual, new HoltWinters(30, logScale).forecast(history, tomorrow));
        double seasonalNaive = SyntheticSeries.meanAbsoluteError(actual, SeasonalNaive.day().forecast(history, tomorrow));

        // then seasonal naive lags exactly one day of trend, Holt-Winters a small fraction of that
        assertThat(seasonalNaive).isCloseTo(SLOPE * SEASON, within(1e-9));
        assertThat(holtWinters).isLessThan(0.1 * seasonalNaive);
    }

    @Test
    void onTheRawScaleALinearTrendIsFollowedToWithinACount() {
        // given a daily profile on a rising level
        SyntheticSeries.Values values = (i, slot) -> 100 + SLOPE * i + profile(slot, SEASON);
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), values);
        long[] tomorrow = history.calendar().after(history.timestamps()[history.size() - 1], SEASON);
        double[] actual = SyntheticSeries.continuation(history.size(), SEASON, SEASON, values);

        // when
        double[] forecast = new HoltWinters(30, false).forecast(history, tomorrow);

        // then additive trend + additive season is exactly the raw model's structure
        for (int j = 0; j < SEASON; j++) {
            assertThat(forecast[j]).as("step %d", j + 1).isCloseTo(actual[j], within(1.0));
        }
    }

    @Test
    void onTheLogScaleAMultiplicativeLevelShiftIsFollowed() {
        // given a daily profile whose level tripled five days ago
        int n = DAYS * SEASON;
        int shift = n - 5 * SEASON;
        SyntheticSeries.Values values = (i, slot) -> (i < shift ? 1 : 3) * profile(slot, SEASON);
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), values);
        long[] tomorrow = history.calendar().after(history.timestamps()[n - 1], SEASON);

        // when
        double[] forecast = new HoltWinters(30, true).forecast(history, tomorrow);

        // then on log1p a tripling is an additive step, which the level absorbs
        double[] expected = SyntheticSeries.continuation(n, SEASON, SEASON, values);
        for (int j = 0; j < SEASON; j++) {
            assertThat(forecast[j]).as("step %d", j + 1).isCloseTo(expected[j], within(0.1 * expected[j]));
        }
    }

    @Test
    void aHistoryShorterThanTwoDaysFallsBackToSeasonalNaive() {
        // given a day and a half of data
        History history = SyntheticSeries.history(SyntheticSeries.hourly(2), (i, slot) -> profile(slot, SEASON) + i).head(36);
        long[] next = history.calendar().after(history.timestamps()[35], SEASON);

        // when
        double[] forecast = new HoltWinters(30, true).forecast(history, next);

        // then
        assertThat(forecast).containsExactly(SeasonalNaive.day().forecast(history, next));
    }

    @Test
    void forecastsBeyondADayRepeatTheSeasonOnTheDampedTrend() {
        // given a pure daily profile, no trend
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), (i, slot) -> profile(slot, SEASON));
        long[] threeDays = history.calendar().after(history.timestamps()[history.size() - 1], 3 * SEASON);

        // when
        double[] forecast = new HoltWinters(30, false).forecast(history, threeDays);

        // then every day ahead is the profile again
        for (int j = 0; j < 3 * SEASON; j++) {
            assertThat(forecast[j]).isCloseTo(profile(j % SEASON, SEASON), within(1e-6));
        }
    }

    @Test
    void rollingForecastsEstimateOnceAndFollowTheTrendAtEveryLaterOrigin() {
        // given a rising level, and a copy whose last day is wildly different
        SyntheticSeries.Values values = (i, slot) -> 100 + SLOPE * i + profile(slot, SEASON);
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), values);
        HoltWinters model = new HoltWinters(30, true);

        // when: day-ahead forecasts from two origins, in each history
        double[][] forecasts = SyntheticSeries.rollingFromTwoOrigins(model, history, SEASON);
        double[][] forecastsChanged = SyntheticSeries.rollingFromTwoOrigins(model, SyntheticSeries.withWildLastDay(history, SEASON), SEASON);

        // then: the first origin is exactly a fit there; nothing after an origin reaches its forecast;
        // the later origin, smoothed on with the first origin's parameters, still follows the trend
        int firstOrigin = history.size() - 3 * SEASON;
        int secondOrigin = firstOrigin + SEASON;
        assertThat(forecasts[0]).containsExactly(model.forecast(history.head(firstOrigin),
                java.util.Arrays.copyOfRange(history.timestamps(), firstOrigin, secondOrigin)));
        assertThat(forecastsChanged).isDeepEqualTo(forecasts);
        double[] actual = java.util.Arrays.copyOfRange(history.values(), secondOrigin, secondOrigin + SEASON);
        assertThat(SyntheticSeries.meanAbsoluteError(actual, forecasts[1])).isLessThan(0.1 * SLOPE * SEASON);
    }
}

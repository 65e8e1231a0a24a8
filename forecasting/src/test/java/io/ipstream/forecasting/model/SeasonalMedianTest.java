package io.ipstream.forecasting.model;

import static io.ipstream.forecasting.model.SyntheticSeries.profile;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The median of the same slot over the last days: robust to one wild day. */
class SeasonalMedianTest {
    private static final int SEASON = 24;

    @Test
    void aSingleDayOfTenfoldActivityDoesNotMoveTheForecast() {
        // given three weeks of a daily profile, with the day before yesterday ten times as active
        int n = 21 * SEASON;
        History history = SyntheticSeries.history(SyntheticSeries.hourly(21),
                (i, slot) -> (i >= n - 2 * SEASON && i < n - SEASON ? 10 : 1) * profile(slot, SEASON));
        long[] tomorrow = history.calendar().after(history.timestamps()[n - 1], SEASON);

        // when
        double[] forecast = new SeasonalMedian(3).forecast(history, tomorrow);

        // then
        assertThat(forecast).containsExactly(SyntheticSeries.profileDay(SEASON));
    }

    @Test
    void withFewerDaysThanItsWindowItTakesTheMedianOfThoseThereAre() {
        // given two days: the profile, then three times the profile
        History history = SyntheticSeries.history(SyntheticSeries.hourly(2), (i, slot) -> (i < SEASON ? 1 : 3) * profile(slot, SEASON));
        long[] tomorrow = history.calendar().after(history.timestamps()[2 * SEASON - 1], SEASON);

        // when
        double[] forecast = new SeasonalMedian(3).forecast(history, tomorrow);

        // then the median of two values is their mean: twice the profile
        for (int k = 0; k < SEASON; k++) {
            assertThat(forecast[k]).isEqualTo(2 * profile(k, SEASON));
        }
    }

    @Test
    void nameCarriesItsWindow() {
        assertThat(new SeasonalMedian(3).name()).isEqualTo("seasonal_median_3d");
    }
}

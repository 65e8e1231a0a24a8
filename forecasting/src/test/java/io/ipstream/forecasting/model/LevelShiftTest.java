package io.ipstream.forecasting.model;

import static io.ipstream.forecasting.model.SyntheticSeries.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * After an IP's activity steps to a new level a few days back, the robust models forecast the new
 * level, not the old: the seasonal median as soon as most of its days are new, the production
 * ensemble because most of its members have moved.
 */
class LevelShiftTest {
    private static final int DAYS = 28;
    private static final int SEASON = 24;
    private static final int N = DAYS * SEASON;

    /** The daily profile, tripled from {@code daysAgo} days before the end of the history. */
    private static SyntheticSeries.Values tripledFrom(int daysAgo) {
        int shift = N - daysAgo * SEASON;
        return (i, slot) -> (i < shift ? 1 : 3) * profile(slot, SEASON);
    }

    private static double[] oldLevel() {
        return SyntheticSeries.profileDay(SEASON);
    }

    private static double[] newLevel() {
        double[] day = SyntheticSeries.profileDay(SEASON);
        for (int k = 0; k < SEASON; k++) {
            day[k] *= 3;
        }
        return day;
    }

    @Test
    void seasonalMedianOfThreeDaysForecastsTheNewLevelOnceTwoDaysHaveIt() {
        // given a level that tripled two days ago
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), tripledFrom(2));
        long[] tomorrow = history.calendar().after(history.timestamps()[N - 1], SEASON);

        // when
        double[] forecast = new SeasonalMedian(3).forecast(history, tomorrow);

        // then two new days out of three: the median is the new level, exactly
        assertThat(forecast).containsExactly(newLevel());
    }

    @Test
    void seasonalMedianOfThreeDaysIgnoresASingleNewDay() {
        // given a level that tripled only yesterday (one wild day)
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), tripledFrom(1));
        long[] tomorrow = history.calendar().after(history.timestamps()[N - 1], SEASON);

        // when
        double[] forecast = new SeasonalMedian(3).forecast(history, tomorrow);

        // then one day is not yet a shift
        assertThat(forecast).containsExactly(oldLevel());
    }

    @Test
    void productionEnsembleForecastsTheNewLevelAfterAShiftThreeDaysBack() {
        // given a level that tripled three days ago
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), tripledFrom(3));
        long[] tomorrow = history.calendar().after(history.timestamps()[N - 1], SEASON);

        // when
        double[] forecast = Models.production().forecast(history, tomorrow);

        // then every step is near the new level, and the day's mean is nowhere near the old one
        double[] expected = newLevel();
        for (int j = 0; j < SEASON; j++) {
            assertThat(forecast[j]).as("step %d", j + 1).isCloseTo(expected[j], within(0.05 * expected[j]));
        }
        assertThat(SyntheticSeries.mean(forecast)).isCloseTo(SyntheticSeries.mean(expected), within(0.02 * SyntheticSeries.mean(expected)));
    }

    @Test
    void productionEnsembleFollowsAnAdditiveShiftToo() {
        // given a profile lifted by 100 five days ago
        int shift = N - 5 * SEASON;
        SyntheticSeries.Values values = (i, slot) -> (i < shift ? 0 : 100) + profile(slot, SEASON);
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), values);
        long[] tomorrow = history.calendar().after(history.timestamps()[N - 1], SEASON);

        // when
        double[] forecast = Models.production().forecast(history, tomorrow);

        // then
        double[] expected = SyntheticSeries.continuation(N, SEASON, SEASON, values);
        for (int j = 0; j < SEASON; j++) {
            assertThat(forecast[j]).as("step %d", j + 1).isCloseTo(expected[j], within(0.05 * expected[j]));
        }
    }
}

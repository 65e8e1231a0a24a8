package io.ipstream.forecasting.model;

import static io.ipstream.forecasting.model.SyntheticSeries.UTC;
import static io.ipstream.forecasting.model.SyntheticSeries.local;
import static io.ipstream.forecasting.model.SyntheticSeries.profile;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seasonal naive: the same slot one day, or one week of active days, earlier. */
class SeasonalNaiveTest {
    @Test
    void dayAheadRepeatsYesterdayWhateverItWas() {
        // given two weeks of hourly noise
        Random random = new Random(11);
        History history = SyntheticSeries.history(SyntheticSeries.hourly(14), (i, slot) -> random.nextInt(1000));
        int n = history.size();
        long[] twoDays = history.calendar().after(history.timestamps()[n - 1], 48);

        // when
        double[] forecast = SeasonalNaive.day().forecast(history, twoDays);

        // then both days ahead are the last day observed
        double[] yesterday = Arrays.copyOfRange(history.values(), n - 24, n);
        assertThat(Arrays.copyOfRange(forecast, 0, 24)).containsExactly(yesterday);
        assertThat(Arrays.copyOfRange(forecast, 24, 48)).containsExactly(yesterday);
    }

    @Test
    void weekAheadOnBusinessHoursReadsTheSameWeekdayAWeekEarlierNotFriday() {
        // given four weeks of business hours whose level depends on the weekday (Monday lowest)
        long[] timestamps = SyntheticSeries.businessHours(28);
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, UTC);
        double[] values = new double[timestamps.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (calendar.weekdayOf(timestamps[i]) + 1) * profile(i % 11, 11);
        }
        History history = new History(timestamps, values, calendar);
        long[] nextDay = calendar.after(timestamps[timestamps.length - 1], 11);

        // when
        double[] weekly = SeasonalNaive.week().forecast(history, nextDay);
        double[] daily = SeasonalNaive.day().forecast(history, nextDay);

        // then the next business day is a Monday: the weekly model gives Monday's level, the daily one Friday's
        assertThat(local(nextDay[0], UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        for (int k = 0; k < 11; k++) {
            assertThat(weekly[k]).isEqualTo(1 * profile(k, 11));
            assertThat(daily[k]).isEqualTo(5 * profile(k, 11));
        }
    }

    @Test
    void aHistoryShorterThanADayRepeatsItsLastValue() {
        // given ten hours of data
        History history = SyntheticSeries.history(SyntheticSeries.hourly(2), (i, slot) -> 3 * i + 1).head(10);
        long[] next = history.calendar().after(history.timestamps()[9], 5);

        // when
        double[] forecast = SeasonalNaive.day().forecast(history, next);

        // then
        assertThat(forecast).containsOnly(history.values()[9]);
    }
}

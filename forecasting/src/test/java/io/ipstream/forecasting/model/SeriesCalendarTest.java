package io.ipstream.forecasting.model;

import static io.ipstream.forecasting.model.SyntheticSeries.HOUR;
import static io.ipstream.forecasting.model.SyntheticSeries.MINUTE;
import static io.ipstream.forecasting.model.SyntheticSeries.MONDAY;
import static io.ipstream.forecasting.model.SyntheticSeries.UTC;
import static io.ipstream.forecasting.model.SyntheticSeries.at;
import static io.ipstream.forecasting.model.SyntheticSeries.local;
import static io.ipstream.forecasting.model.SyntheticSeries.millis;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The calendar is learned from when a series is observed; forecast horizons follow it. */
class SeriesCalendarTest {
    private static final int WEEKS = 4;

    @Test
    void roundTheClockHourlyDataHasEverySlotOfEveryDay() {
        // given four weeks of hourly observations, 24x7
        long[] timestamps = SyntheticSeries.hourly(7 * WEEKS);

        // when
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, UTC);

        // then
        assertThat(calendar.observationsPerDay()).isEqualTo(24);
        assertThat(calendar.activeDaysPerWeek()).isEqualTo(7);
    }

    @Test
    void roundTheClockHorizonStepsThroughNightsAndWeekendsHourByHour() {
        // given a 24x7 hourly series whose last observation is a Friday evening
        long[] timestamps = SyntheticSeries.hourly(7 * WEEKS);
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, UTC);
        long fridayEvening = millis(at(MONDAY.plusDays(4), 20), UTC);

        // when
        long[] next = calendar.after(fridayEvening, 48);

        // then the next 48 times are the 48 consecutive hours, through the night and into Sunday
        long[] consecutive = LongStream.rangeClosed(1, 48).map(k -> fridayEvening + k * HOUR).toArray();
        assertThat(next).containsExactly(consecutive);
        assertThat(local(next[47], UTC)).isEqualTo(at(MONDAY.plusDays(6), 20));
    }

    @Test
    void businessHoursDataHasElevenObservationsOnFiveDays() {
        // given four weeks of weekday observations from 08:00 to 18:00, as in data/logs.csv
        long[] timestamps = SyntheticSeries.businessHours(7 * WEEKS);

        // when
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, UTC);

        // then
        assertThat(calendar.observationsPerDay()).isEqualTo(11);
        assertThat(calendar.activeDaysPerWeek()).isEqualTo(5);
    }

    @Test
    void businessHoursHorizonSkipsTheWeekendFromFridayEveningToMondayMorning() {
        // given business-hours data and a last observation on Friday at 18:00
        SeriesCalendar calendar = SeriesCalendar.learn(SyntheticSeries.businessHours(7 * WEEKS), UTC);
        LocalDate friday = MONDAY.plusDays(7 * WEEKS + 4);
        long lastObservation = millis(at(friday, 18), UTC);

        // when
        long[] next = calendar.after(lastObservation, 12);

        // then Monday 08:00 to 18:00 follows, then Tuesday 08:00
        LocalDate monday = friday.plusDays(3);
        assertThat(local(next[0], UTC)).isEqualTo(at(monday, 8));
        for (int k = 0; k < 11; k++) {
            assertThat(local(next[k], UTC)).isEqualTo(at(monday, 8 + k));
        }
        assertThat(local(next[11], UTC)).isEqualTo(at(monday.plusDays(1), 8));
    }

    @Test
    void businessHoursHorizonSkipsNights() {
        // given business-hours data and a last observation on a Tuesday at 18:00
        SeriesCalendar calendar = SeriesCalendar.learn(SyntheticSeries.businessHours(7 * WEEKS), UTC);
        LocalDate tuesday = MONDAY.plusDays(7 * WEEKS + 1);

        // when
        long[] next = calendar.after(millis(at(tuesday, 18), UTC), 1);

        // then the next observation is Wednesday morning
        assertThat(local(next[0], UTC)).isEqualTo(at(tuesday.plusDays(1), 8));
    }

    @Test
    void businessHoursHorizonOfAWeekHoldsOnlyWeekdayDaytimes() {
        // given business-hours data
        SeriesCalendar calendar = SeriesCalendar.learn(SyntheticSeries.businessHours(7 * WEEKS), UTC);
        long lastObservation = millis(at(MONDAY.plusDays(7 * WEEKS + 2), 13), UTC);

        // when asking for a full week of observations
        long[] next = calendar.after(lastObservation, 5 * 11);

        // then every time is a weekday between 08:00 and 18:00, strictly increasing, with none missing
        assertThat(next).hasSize(55);
        for (long ts : next) {
            LocalDateTime time = local(ts, UTC);
            assertThat(time.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(time.getHour()).isBetween(8, 18);
            assertThat(calendar.isActive(ts)).isTrue();
        }
        assertThat(next).isSorted().doesNotHaveDuplicates();
        assertThat(local(next[54], UTC)).isEqualTo(at(MONDAY.plusDays(7 * WEEKS + 9), 13));
    }

    @Test
    void halfHourlyDataHasFortyEightObservationsPerDay() {
        // given two weeks of observations every 30 minutes, 24x7
        long[] timestamps = SyntheticSeries.roundTheClock(MONDAY, 14, 30, UTC);

        // when
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, UTC);

        // then
        assertThat(calendar.observationsPerDay()).isEqualTo(48);
        assertThat(calendar.activeDaysPerWeek()).isEqualTo(7);
        long last = timestamps[timestamps.length - 1];
        assertThat(calendar.after(last, 3)).containsExactly(last + 30 * MINUTE, last + 60 * MINUTE, last + 90 * MINUTE);
    }

    @Test
    void aHolidayDoesNotRemoveItsWeekday() {
        // given eight weeks of business hours with one Monday missing entirely
        LocalDate holiday = MONDAY.plusWeeks(3);
        long[] timestamps = Arrays.stream(SyntheticSeries.businessHours(7 * 8))
                .filter(ts -> !local(ts, UTC).toLocalDate().equals(holiday))
                .toArray();

        // when
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, UTC);

        // then Mondays are still business days
        assertThat(calendar.activeDaysPerWeek()).isEqualTo(5);
        assertThat(calendar.isActive(millis(at(MONDAY.plusWeeks(9), 8), UTC))).isTrue();
    }

    @Test
    void aSingleStrayWeekendObservationDoesNotMakeSaturdayABusinessDay() {
        // given eight weeks of business hours and one observation on a Saturday
        long stray = millis(at(MONDAY.plusWeeks(2).plusDays(5), 10), UTC);
        long[] timestamps = LongStream.concat(Arrays.stream(SyntheticSeries.businessHours(7 * 8)), LongStream.of(stray))
                .sorted()
                .toArray();

        // when
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, UTC);

        // then
        assertThat(calendar.activeDaysPerWeek()).isEqualTo(5);
        assertThat(calendar.observationsPerDay()).isEqualTo(11);
        assertThat(calendar.isActive(stray + 7 * 24 * HOUR)).isFalse();
    }

    @Test
    void slotsAreInLocalTimeSoBusinessHoursSurviveADaylightSavingChange() {
        // given business hours in Berlin over the March 2024 clock change (Sunday 31 March)
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDate start = LocalDate.of(2024, 3, 4);
        long[] timestamps = SyntheticSeries.businessHours(start, 26, 8, 18, berlin);
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, berlin);
        LocalDate fridayBeforeChange = LocalDate.of(2024, 3, 29);

        // when
        long[] next = calendar.after(millis(at(fridayBeforeChange, 18), berlin), 1);

        // then Monday still opens at 08:00 local time
        assertThat(calendar.observationsPerDay()).isEqualTo(11);
        assertThat(local(next[0], berlin)).isEqualTo(at(LocalDate.of(2024, 4, 1), 8));
    }

    @Test
    void slotAndWeekdayOfAnInstant() {
        // given an hourly calendar
        SeriesCalendar calendar = SeriesCalendar.learn(SyntheticSeries.hourly(14), UTC);

        // when / then: Wednesday 15:00 is slot 15 of weekday 2 (Monday = 0)
        long wednesdayAfternoon = millis(at(MONDAY.plusDays(2), 15), UTC);
        assertThat(calendar.slotOf(wednesdayAfternoon)).isEqualTo(15);
        assertThat(calendar.weekdayOf(wednesdayAfternoon)).isEqualTo(2);
    }

    @Test
    void anObservationASecondEarlyDoesNotChangeTheStep() {
        // given four weeks of hourly data, one observation logged a second before the hour
        long[] timestamps = SyntheticSeries.hourly(7 * WEEKS);
        timestamps[100] -= 1000;

        // when
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, UTC);
        long last = timestamps[timestamps.length - 1];

        // then still 24 hourly slots, and the horizon stays on the hour
        assertThat(calendar.observationsPerDay()).isEqualTo(24);
        assertThat(calendar.after(last, 3)).containsExactly(last + HOUR, last + 2 * HOUR, last + 3 * HOUR);
    }
}

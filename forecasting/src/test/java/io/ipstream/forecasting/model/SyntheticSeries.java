package io.ipstream.forecasting.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated test series: timestamps for 24x7 and business-hours observation schedules, and values
 * built from a known daily profile, trend, level shift or noise, so every expected answer follows
 * from how the series was made, never from the implementation.
 */
public final class SyntheticSeries {
    public static final ZoneId UTC = ZoneOffset.UTC;
    /** A Monday. */
    public static final LocalDate MONDAY = LocalDate.of(2024, 1, 1);
    public static final long MINUTE = 60_000L;
    public static final long HOUR = 60 * MINUTE;

    private SyntheticSeries() {
    }

    /** Generates a value from an observation's index in the series and its slot within its day. */
    @FunctionalInterface
    public interface Values {
        double at(int index, int slotOfDay);
    }

    /** Every {@code stepMinutes} around the clock, every day, for {@code days} days from {@code start}. */
    public static long[] roundTheClock(LocalDate start, int days, int stepMinutes, ZoneId zone) {
        List<Long> times = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            for (int minute = 0; minute < 24 * 60; minute += stepMinutes) {
                times.add(start.plusDays(d).atStartOfDay(zone).plusMinutes(minute).toInstant().toEpochMilli());
            }
        }
        return times.stream().mapToLong(Long::longValue).toArray();
    }

    /** Hourly, 24x7, UTC. */
    public static long[] hourly(int days) {
        return roundTheClock(MONDAY, days, 60, UTC);
    }

    /** Hourly from {@code first} to {@code last} o'clock inclusive, Monday to Friday, for {@code days} calendar days. */
    public static long[] businessHours(LocalDate start, int days, int first, int last, ZoneId zone) {
        List<Long> times = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            LocalDate day = start.plusDays(d);
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            for (int hour = first; hour <= last; hour++) {
                times.add(day.atTime(hour, 0).atZone(zone).toInstant().toEpochMilli());
            }
        }
        return times.stream().mapToLong(Long::longValue).toArray();
    }

    /** Weekdays 08:00 to 18:00 hourly (11 observations a day, like data/logs.csv), UTC. */
    public static long[] businessHours(int days) {
        return businessHours(MONDAY, days, 8, 18, UTC);
    }

    public static long millis(LocalDateTime local, ZoneId zone) {
        return local.atZone(zone).toInstant().toEpochMilli();
    }

    public static LocalDateTime local(long millis, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), zone);
    }

    public static LocalDateTime at(LocalDate day, int hour) {
        return day.atTime(LocalTime.of(hour, 0));
    }

    /** A history of {@code timestamps} with generated values, its calendar learned from the timestamps. */
    public static History history(long[] timestamps, Values values) {
        SeriesCalendar calendar = SeriesCalendar.learn(timestamps, UTC);
        int season = calendar.observationsPerDay();
        double[] y = new double[timestamps.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = values.at(i, i % season);
        }
        return new History(timestamps, y, calendar);
    }

    /**
     * A smooth positive daily shape over {@code season} slots (a count: between about 10 and 90,
     * one peak and a secondary bump), the same every day.
     */
    public static double profile(int slot, int season) {
        double phase = 2 * Math.PI * slot / season;
        return Math.round(50 + 30 * Math.sin(phase) + 10 * Math.cos(2 * phase));
    }

    /** The profile for every slot of one day. */
    public static double[] profileDay(int season) {
        double[] day = new double[season];
        for (int k = 0; k < season; k++) {
            day[k] = profile(k, season);
        }
        return day;
    }

    /** The values of {@code future} had the series continued with {@code values}, after the history's {@code n} observations. */
    public static double[] continuation(int n, int steps, int season, Values values) {
        double[] next = new double[steps];
        for (int j = 0; j < steps; j++) {
            next[j] = values.at(n + j, (n + j) % season);
        }
        return next;
    }

    public static double meanAbsoluteError(double[] actual, double[] forecast) {
        double sum = 0;
        for (int j = 0; j < actual.length; j++) {
            sum += Math.abs(actual[j] - forecast[j]);
        }
        return sum / actual.length;
    }

    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** {@code history} with its last day's values multiplied by 40: what no forecast from an earlier origin may see. */
    public static History withWildLastDay(History history, int season) {
        double[] changed = history.values().clone();
        for (int i = changed.length - season; i < changed.length; i++) {
            changed[i] *= 40;
        }
        return new History(history.timestamps(), changed, history.calendar());
    }

    /** Day-ahead forecasts of the third- and second-last days of {@code history}, from one {@link Forecaster#rolling}. */
    public static double[][] rollingFromTwoOrigins(Forecaster forecaster, History history, int season) {
        int firstOrigin = history.size() - 3 * season;
        RollingForecasts rolling = forecaster.rolling(history);
        return new double[][] {rolling.forecast(firstOrigin, firstOrigin + season), rolling.forecast(firstOrigin + season, firstOrigin + 2 * season)};
    }
}

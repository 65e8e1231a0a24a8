package io.ipstream.forecasting.model;

/**
 * One series' observations in time order and its calendar: what every model is fitted on. The
 * models work in observation order (nights and weekends the calendar lacks do not exist in it).
 */
public record History(long[] timestamps, double[] values, SeriesCalendar calendar) {
    public History {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    public int size() {
        return values.length;
    }

    /** The first {@code n} observations, same calendar: the history as it was at an earlier origin. */
    public History head(int n) {
        return new History(java.util.Arrays.copyOf(timestamps, n), java.util.Arrays.copyOf(values, n), calendar);
    }

    /** The season of the daily models: observations per day. */
    public int season() {
        return calendar.observationsPerDay();
    }
}

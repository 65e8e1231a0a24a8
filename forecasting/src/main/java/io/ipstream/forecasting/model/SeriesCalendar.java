package io.ipstream.forecasting.model;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * When a series is observed, learned from the data: the spacing of its observations and which
 * slots of which weekdays have them. Business-hours data gets a calendar without nights and
 * weekends, 24x7 data one with every slot; nothing is hard-coded. Forecast horizons follow it.
 */
public final class SeriesCalendar implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long MINUTE = 60_000L;
    /** A slot counts when seen on at least this share of the weeks the series spans (holidays and gaps do not remove it). */
    private static final double MIN_SHARE_OF_WEEKS = 0.25;

    private final ZoneId zone;
    private final int stepMinutes;
    private final boolean[][] active;

    private SeriesCalendar(ZoneId zone, int stepMinutes, boolean[][] active) {
        this.zone = zone;
        this.stepMinutes = stepMinutes;
        this.active = active;
    }

    /** The calendar of observations at {@code timestamps} (ascending), in {@code zone}. */
    public static SeriesCalendar learn(long[] timestamps, ZoneId zone) {
        int step = step(timestamps);
        int slots = 24 * 60 / step;
        if (timestamps.length == 0) {
            boolean[][] all = new boolean[7][slots];
            for (boolean[] day : all) {
                Arrays.fill(day, true);
            }
            return new SeriesCalendar(zone, step, all);
        }
        int[][] seen = new int[7][slots];
        SeriesCalendar grid = new SeriesCalendar(zone, step, new boolean[7][slots]);
        for (long ts : timestamps) {
            seen[grid.weekdayOf(ts)][grid.slotOf(ts)]++;
        }
        long weeks = Math.max(1, (timestamps[timestamps.length - 1] - timestamps[0]) / (7 * 24 * 60 * MINUTE) + 1);
        boolean[][] active = active(seen, Math.max(1, MIN_SHARE_OF_WEEKS * weeks));
        if (!any(active)) {
            // Too sparse for any slot to recur: every slot it was seen in counts.
            active = active(seen, 1);
        }
        return new SeriesCalendar(zone, step, active);
    }

    private static boolean[][] active(int[][] seen, double minimum) {
        boolean[][] active = new boolean[seen.length][seen[0].length];
        for (int day = 0; day < seen.length; day++) {
            for (int slot = 0; slot < seen[day].length; slot++) {
                active[day][slot] = seen[day][slot] >= minimum;
            }
        }
        return active;
    }

    private static boolean any(boolean[][] active) {
        for (boolean[] day : active) {
            for (boolean slot : day) {
                if (slot) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The smallest gap between observations, rounded to whole minutes (a record a few seconds early
     * or late does not change it), at least 1 and at most a day; 60 when unknown.
     */
    private static int step(long[] timestamps) {
        long smallest = Long.MAX_VALUE;
        for (int i = 1; i < timestamps.length; i++) {
            long gap = Math.round((timestamps[i] - timestamps[i - 1]) / (double) MINUTE);
            if (gap >= 1 && gap < smallest) {
                smallest = gap;
            }
        }
        if (smallest == Long.MAX_VALUE) {
            return 60;
        }
        long minutes = Math.min(24 * 60, smallest);
        // A step must divide the day, so slots line up from one day to the next.
        while (24 * 60 % minutes != 0) {
            minutes--;
        }
        return (int) minutes;
    }

    /** Observations on a full day: the season of the daily models. */
    public int observationsPerDay() {
        int most = 0;
        for (boolean[] day : active) {
            int count = 0;
            for (boolean slot : day) {
                count += slot ? 1 : 0;
            }
            most = Math.max(most, count);
        }
        return Math.max(1, most);
    }

    /** Weekdays with observations: 5 for business days, 7 for 24x7. */
    public int activeDaysPerWeek() {
        int days = 0;
        for (boolean[] day : active) {
            for (boolean slot : day) {
                if (slot) {
                    days++;
                    break;
                }
            }
        }
        return Math.max(1, days);
    }

    /**
     * The next {@code steps} observation times after {@code lastMillis} (taken to its nearest slot),
     * skipping slots the series never has.
     */
    public long[] after(long lastMillis, int steps) {
        long[] next = new long[steps];
        long stepMillis = stepMinutes * MINUTE;
        long ts = nearestSlot(lastMillis).toInstant().toEpochMilli();
        int found = 0;
        // A full week holds every slot there is; no calendar needs more than steps weeks to yield steps times.
        long limit = (long) steps * 7 * 24 * 60 / stepMinutes + 7L * 24 * 60 / stepMinutes;
        for (long tried = 0; found < steps && tried < limit; tried++) {
            ts += stepMillis;
            if (isActive(ts)) {
                next[found++] = ts;
            }
        }
        return found == steps ? next : Arrays.copyOf(next, found);
    }

    public boolean isActive(long millis) {
        return active[weekdayOf(millis)][slotOf(millis)];
    }

    /** The slot of the day (0 = midnight) of an instant, to the nearest slot: seconds of jitter do not move it. */
    public int slotOf(long millis) {
        ZonedDateTime local = nearestSlot(millis);
        return (local.getHour() * 60 + local.getMinute()) / stepMinutes;
    }

    /** Monday = 0 ... Sunday = 6, of the nearest slot's day. */
    public int weekdayOf(long millis) {
        DayOfWeek day = nearestSlot(millis).getDayOfWeek();
        return day.getValue() - 1;
    }

    private ZonedDateTime nearestSlot(long millis) {
        long stepMillis = stepMinutes * MINUTE;
        ZonedDateTime local = Instant.ofEpochMilli(millis).atZone(zone);
        long intoDay = local.toLocalTime().toNanoOfDay() / 1_000_000;
        long rounded = Math.round(intoDay / (double) stepMillis) * stepMillis;
        return local.plusNanos((rounded - intoDay) * 1_000_000);
    }

    public ZoneId zone() {
        return zone;
    }
}

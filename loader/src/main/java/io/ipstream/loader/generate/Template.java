package io.ipstream.loader.generate;

import io.ipstream.common.IpLog;
import io.ipstream.common.Metric;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * One real IP's behaviour: its observations week by week. Copying whole weeks in order keeps the
 * IP's hour-of-day and weekday profile, its variability, the correlations between its metrics and
 * its regimes (an episode of 10x activity, a silent month) together, as the real IP had them.
 */
public final class Template {
    private final String ip;
    /** Monday of each week with at least one observation, in order. */
    private final List<LocalDate> weeks;
    private final Map<LocalDateTime, long[]> observations;
    private final Set<Slot> slots;
    private final double[] means;
    private final LocalDate firstDay;

    private Template(String ip, List<LocalDate> weeks, Map<LocalDateTime, long[]> observations, Set<Slot> slots, double[] means,
            LocalDate firstDay) {
        this.ip = ip;
        this.firstDay = firstDay;
        this.weeks = weeks;
        this.observations = observations;
        this.slots = slots;
        this.means = means;
    }

    /** Groups one IP's records by the local time of their timestamp in {@code zone}. */
    public static Template of(String ip, List<IpLog> logs, ZoneId zone) {
        Map<LocalDateTime, long[]> byTime = new HashMap<>();
        TreeSet<LocalDate> weeks = new TreeSet<>();
        Set<Slot> slots = new HashSet<>();
        double[] sums = new double[Metric.ALL.size()];
        for (IpLog log : logs) {
            LocalDateTime at = log.timestamp().atZone(zone).toLocalDateTime();
            long[] values = new long[Metric.ALL.size()];
            for (Metric metric : Metric.ALL) {
                values[metric.ordinal()] = log.value(metric);
                sums[metric.ordinal()] += log.value(metric);
            }
            byTime.put(at, values);
            weeks.add(mondayOf(at.toLocalDate()));
            slots.add(new Slot(at.getDayOfWeek(), at.toLocalTime()));
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= logs.size();
        }
        LocalDate first = byTime.keySet().stream().map(LocalDateTime::toLocalDate).min(LocalDate::compareTo).orElseThrow();
        return new Template(ip, new ArrayList<>(weeks), byTime, slots, sums, first);
    }

    static LocalDate mondayOf(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    public String ip() {
        return ip;
    }

    /** The day of the template's first record. */
    public LocalDate firstDay() {
        return firstDay;
    }

    /** How many weeks hold observations. */
    public int weekCount() {
        return weeks.size();
    }

    /** The slots in which this IP has observations. */
    public Set<Slot> slots() {
        return slots;
    }

    /** The observation at {@code slot} of the template's {@code week}-th week, or null when it has none there. */
    public long[] observation(int week, Slot slot) {
        LocalDate day = weeks.get(week).plusDays(slot.day().ordinal());
        return observations.get(day.atTime(slot.time()));
    }

    /** Every observation with its local date and time. */
    public void forEachObservation(BiConsumer<LocalDateTime, long[]> action) {
        observations.forEach(action);
    }

    /** The template's mean of a metric over all its records. */
    public double mean(Metric metric) {
        return means[metric.ordinal()];
    }
}

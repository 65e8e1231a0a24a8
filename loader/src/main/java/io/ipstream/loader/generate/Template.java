package io.ipstream.loader.generate;

import io.ipstream.common.IpLog;
import io.ipstream.common.Metric;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One real IP's behaviour: its observations grouped by calendar slot. Sampling a whole observation
 * from the slot keeps the IP's hour-of-day and weekday profile, its variability and the
 * correlations between its metrics together.
 */
public final class Template {
    private final String ip;
    private final Map<Slot, List<long[]>> observations;
    private final double[] means;
    private final LocalDate firstDay;

    private Template(String ip, Map<Slot, List<long[]>> observations, double[] means, LocalDate firstDay) {
        this.ip = ip;
        this.observations = observations;
        this.means = means;
        this.firstDay = firstDay;
    }

    /** Groups one IP's records by the slot of their timestamp in {@code zone}. */
    public static Template of(String ip, List<IpLog> logs, ZoneId zone) {
        Map<Slot, List<long[]>> bySlot = new HashMap<>();
        double[] sums = new double[Metric.ALL.size()];
        LocalDate first = null;
        for (IpLog log : logs) {
            ZonedDateTime at = log.timestamp().atZone(zone);
            first = first == null || at.toLocalDate().isBefore(first) ? at.toLocalDate() : first;
            long[] values = new long[Metric.ALL.size()];
            for (Metric metric : Metric.ALL) {
                values[metric.ordinal()] = log.value(metric);
                sums[metric.ordinal()] += log.value(metric);
            }
            bySlot.computeIfAbsent(new Slot(at.getDayOfWeek(), at.toLocalTime()), slot -> new ArrayList<>()).add(values);
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= logs.size();
        }
        return new Template(ip, bySlot, sums, first);
    }

    public String ip() {
        return ip;
    }

    /** The day of the template's first record. */
    public LocalDate firstDay() {
        return firstDay;
    }

    /** The slots in which this IP has observations. */
    public Set<Slot> slots() {
        return observations.keySet();
    }

    /** The observations of one slot (empty when the template has none there). */
    public List<long[]> observations(Slot slot) {
        return observations.getOrDefault(slot, List.of());
    }

    /** The template's mean of a metric over all its records. */
    public double mean(Metric metric) {
        return means[metric.ordinal()];
    }
}

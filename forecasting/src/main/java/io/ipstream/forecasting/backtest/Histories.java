package io.ipstream.forecasting.backtest;

import io.ipstream.common.IpLog;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.model.History;
import io.ipstream.forecasting.model.SeriesCalendar;
import io.ipstream.forecasting.store.SeriesKey;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Records as the models see them: one history per (IP, metric), on the calendar learned from the IP's timestamps. */
public final class Histories {
    private Histories() {
    }

    /** Per IP in address order, then the metrics in the order given; a repeated (IP, timestamp) counts once (the first). */
    public static Map<SeriesKey, History> of(Iterable<IpLog> logs, List<Metric> metrics, ZoneId zone) {
        Map<String, TreeMap<Long, IpLog>> byIp = new TreeMap<>();
        for (IpLog log : logs) {
            byIp.computeIfAbsent(log.srcIp(), ip -> new TreeMap<>()).putIfAbsent(log.timestampMillis(), log);
        }
        Map<SeriesKey, History> series = new LinkedHashMap<>();
        byIp.forEach((ip, byTime) -> {
            long[] timestamps = byTime.keySet().stream().mapToLong(Long::longValue).toArray();
            SeriesCalendar calendar = SeriesCalendar.learn(timestamps, zone);
            for (Metric metric : metrics) {
                double[] values = byTime.values().stream().mapToDouble(log -> log.value(metric)).toArray();
                series.put(new SeriesKey(ip, metric), new History(timestamps, values, calendar));
            }
        });
        return series;
    }
}

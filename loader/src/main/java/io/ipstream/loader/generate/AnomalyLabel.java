package io.ipstream.loader.generate;

import io.ipstream.common.EventTimes;
import io.ipstream.common.Metric;
import java.util.Locale;

/** One injected anomaly on one metric of one record: a line of the ground-truth file. */
public record AnomalyLabel(String srcIp, long timestampMillis, Metric metric, Kind kind) {
    public static final String CSV_HEADER = "src_ip,timestamp,metric,kind";

    /** What was done to the value. */
    public enum Kind {
        /** Multiplied by 5-20 for one record. */
        SPIKE,
        /** Set to zero for one record. */
        DROP,
        /** Multiplied by one factor (x0.1-0.3 or x3-10) for 1-5 days of records. */
        LEVEL_SHIFT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public String toCsv() {
        return srcIp + "," + EventTimes.format(timestampMillis) + "," + metric.wireName() + "," + kind.wireName();
    }
}

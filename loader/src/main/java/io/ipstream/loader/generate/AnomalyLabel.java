package io.ipstream.loader.generate;

import io.ipstream.common.EventTimes;
import io.ipstream.common.Metric;
import java.util.Locale;

/** One injected anomaly on one metric of one record: a line of the ground-truth file. */
public record AnomalyLabel(String srcIp, long timestampMillis, Metric metric, Kind kind) {
    public static final String CSV_HEADER = "src_ip,timestamp,metric,kind";

    /** What was done to the value; sizes are in the IP's own standard deviations at that time of day, on the log1p scale. */
    public enum Kind {
        /** Raised by 5-10 standard deviations for one record. */
        SPIKE,
        /** Set to zero for one record, where zero is at least as far below. */
        DROP,
        /** Raised or lowered by 5-10 standard deviations for 10-54 records (1-5 business days). */
        LEVEL_SHIFT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public String toCsv() {
        return srcIp + "," + EventTimes.format(timestampMillis) + "," + metric.wireName() + "," + kind.wireName();
    }
}

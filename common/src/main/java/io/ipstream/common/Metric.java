package io.ipstream.common;

import java.util.List;

/** The nine per-hour metrics of a source IP, in wire order; {@link #wireName()} is used everywhere. */
public enum Metric {
    UNQ_DST_IP("unq_dst_ip"),
    ALLOW("allow"),
    DROP("drop"),
    FREQUENCY("frequency"),
    PKTS_SENT("pkts_sent"),
    PKTS_RECEIVED("pkts_received"),
    BYTESIN("bytesin"),
    BYTESOUT("bytesout"),
    UNQ_DST_PORT("unq_dst_port");

    public static final List<Metric> ALL = List.of(values());

    private final String wireName;

    Metric(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The metric with this wire name, or null. */
    public static Metric fromWireName(String name) {
        for (Metric metric : ALL) {
            if (metric.wireName.equals(name)) {
                return metric;
            }
        }
        return null;
    }
}

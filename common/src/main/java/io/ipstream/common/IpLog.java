package io.ipstream.common;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One source IP's summary for one hour: a validated record. Identity is (srcIp, timestampMillis);
 * srcIp is always in {@link IpAddresses#canonical canonical} form.
 */
public final class IpLog {
    private final String srcIp;
    private final long timestampMillis;
    private final long[] values;

    /**
     * @param values one non-negative value per {@link Metric}, in {@link Metric#ALL} order
     */
    public IpLog(String srcIp, long timestampMillis, long[] values) {
        if (values.length != Metric.ALL.size()) {
            throw new IllegalArgumentException("expected " + Metric.ALL.size() + " metric values, got " + values.length);
        }
        this.srcIp = Objects.requireNonNull(srcIp, "srcIp");
        this.timestampMillis = timestampMillis;
        this.values = values.clone();
    }

    public String srcIp() {
        return srcIp;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    public long value(Metric metric) {
        return values[metric.ordinal()];
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof IpLog)) {
            return false;
        }
        IpLog that = (IpLog) other;
        return timestampMillis == that.timestampMillis && srcIp.equals(that.srcIp) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(srcIp, timestampMillis) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "IpLog{" + srcIp + " @ " + timestamp() + " " + Arrays.toString(values) + "}";
    }
}

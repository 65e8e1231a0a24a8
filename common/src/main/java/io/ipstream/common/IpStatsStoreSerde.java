package io.ipstream.common;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link IpStats} in the aggregate stores and their changelogs: a compact binary layout instead of
 * the topics' JSON. Every record reads and writes the all-time statistics and its window pane
 * through the record cache, which holds values serialised, so this layout is on the hot path
 * (docs/BENCHMARKS.md). Only the exact sums are stored; mean and variance are derived again on
 * reading, by the same function that derived them, so a value reads back equal.
 * Layout: version byte, src_ip (length-prefixed UTF-8; length -1 when absent), count, first and
 * last timestamp (epoch ms, or absent), number of metrics, then per metric its index in
 * {@link Metric#ALL}, sum, min, max and sum of squares; a big integer is a long when it fits
 * (tag 0), else length-prefixed two's-complement bytes (tag 1).
 */
public final class IpStatsStoreSerde {
    private static final byte VERSION = 2;
    private static final long ABSENT = Long.MIN_VALUE;
    private static final byte LONG = 0;
    private static final byte BIG = 1;

    private IpStatsStoreSerde() {
    }

    public static Serde<IpStats> serde() {
        Serializer<IpStats> serializer = (topic, stats) -> stats == null ? null : write(stats);
        Deserializer<IpStats> deserializer = (topic, bytes) -> bytes == null ? null : read(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static byte[] write(IpStats stats) {
        byte[] ip = stats.srcIp() == null ? null : stats.srcIp().getBytes(StandardCharsets.UTF_8);
        // Big integers past 64 bits (byte counts' sums of squares, often) are encoded once, sized, then copied.
        int metrics = stats.metrics().size();
        byte[][] sums = new byte[metrics][];
        byte[][] squares = new byte[metrics][];
        int size = 1 + 2 + (ip == null ? 0 : ip.length) + 3 * Long.BYTES + 1;
        int m = 0;
        for (MetricStats metric : stats.metrics().values()) {
            sums[m] = bigBytes(metric.sum());
            squares[m] = bigBytes(metric.sumOfSquares());
            size += 1 + bigSize(sums[m]) + 2 * Long.BYTES + bigSize(squares[m]);
            m++;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION);
        out.putShort((short) (ip == null ? -1 : ip.length));
        if (ip != null) {
            out.put(ip);
        }
        out.putLong(stats.count());
        out.putLong(stats.firstTimestamp() == null ? ABSENT : stats.firstTimestamp().toEpochMilli());
        out.putLong(stats.lastTimestamp() == null ? ABSENT : stats.lastTimestamp().toEpochMilli());
        out.put((byte) metrics);
        m = 0;
        for (Map.Entry<String, MetricStats> metric : stats.metrics().entrySet()) {
            MetricStats values = metric.getValue();
            out.put((byte) Metric.fromWireName(metric.getKey()).ordinal());
            putBig(out, values.sum(), sums[m]);
            out.putLong(values.min());
            out.putLong(values.max());
            putBig(out, values.sumOfSquares(), squares[m]);
            m++;
        }
        return out.array();
    }

    static IpStats read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalStateException("aggregate store value of unknown layout version " + version
                    + "; the state was written by another ipstream version: reset the application (kafka-streams-application-reset)");
        }
        int ipLength = in.getShort();
        String srcIp = null;
        if (ipLength >= 0) {
            srcIp = new String(bytes, in.position(), ipLength, StandardCharsets.UTF_8);
            in.position(in.position() + ipLength);
        }
        long count = in.getLong();
        long first = in.getLong();
        long last = in.getLong();
        int metrics = in.get();
        Map<String, MetricStats> byName = new LinkedHashMap<>();
        for (int i = 0; i < metrics; i++) {
            String name = Metric.ALL.get(in.get()).wireName();
            BigInteger sum = getBig(in);
            long min = in.getLong();
            long max = in.getLong();
            byName.put(name, MetricStats.of(count, sum, min, max, getBig(in)));
        }
        return new IpStats(srcIp, count, first == ABSENT ? null : Instant.ofEpochMilli(first),
                last == ABSENT ? null : Instant.ofEpochMilli(last), byName);
    }

    /** The two's-complement bytes of a value past 64 bits, or null for one that fits a long. */
    private static byte[] bigBytes(BigInteger value) {
        return value.bitLength() < Long.SIZE ? null : value.toByteArray();
    }

    private static int bigSize(byte[] big) {
        return big == null ? 1 + Long.BYTES : 2 + big.length;
    }

    private static void putBig(ByteBuffer out, BigInteger value, byte[] big) {
        if (big == null) {
            out.put(LONG).putLong(value.longValue());
        } else {
            out.put(BIG).put((byte) big.length).put(big);
        }
    }

    private static BigInteger getBig(ByteBuffer in) {
        if (in.get() == LONG) {
            return BigInteger.valueOf(in.getLong());
        }
        byte[] bytes = new byte[in.get() & 0xff];
        in.get(bytes);
        return new BigInteger(bytes);
    }
}

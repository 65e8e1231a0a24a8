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
        int size = 1 + 2 + (ip == null ? 0 : ip.length) + 3 * Long.BYTES + 1;
        for (MetricStats m : stats.metrics().values()) {
            size += 1 + bigSize(m.sum()) + 2 * Long.BYTES + bigSize(m.sumOfSquares());
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
        out.put((byte) stats.metrics().size());
        for (Map.Entry<String, MetricStats> metric : stats.metrics().entrySet()) {
            MetricStats m = metric.getValue();
            out.put((byte) Metric.ALL.indexOf(Metric.fromWireName(metric.getKey())));
            putBig(out, m.sum());
            out.putLong(m.min());
            out.putLong(m.max());
            putBig(out, m.sumOfSquares());
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

    private static int bigSize(BigInteger value) {
        return value.bitLength() < Long.SIZE ? 1 + Long.BYTES : 2 + value.toByteArray().length;
    }

    private static void putBig(ByteBuffer out, BigInteger value) {
        if (value.bitLength() < Long.SIZE) {
            out.put(LONG).putLong(value.longValue());
        } else {
            byte[] bytes = value.toByteArray();
            out.put(BIG).put((byte) bytes.length).put(bytes);
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

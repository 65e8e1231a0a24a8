package io.ipstream.common;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link IpStats} in the aggregate stores and their changelogs: a compact binary layout instead of
 * the topics' JSON. Every record reads and writes nine aggregates (all-time, daily, seven hopping
 * windows), and Jackson was most of the stream thread's time (docs/BENCHMARKS.md). Fields are
 * written as they are (including the derived mean and variance), so a value reads back equal.
 * Layout: version byte, src_ip (UTF, or absent), count, first and last timestamp (epoch ms, or
 * absent), number of metrics, then per metric its wire name, sum, min, max, mean, variance and sum
 * of squares (big integers as length-prefixed two's-complement bytes).
 */
public final class IpStatsStoreSerde {
    private static final byte VERSION = 1;
    private static final long ABSENT = Long.MIN_VALUE;

    private IpStatsStoreSerde() {
    }

    public static Serde<IpStats> serde() {
        Serializer<IpStats> serializer = (topic, stats) -> stats == null ? null : write(stats);
        Deserializer<IpStats> deserializer = (topic, bytes) -> bytes == null ? null : read(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static byte[] write(IpStats stats) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + stats.metrics().size() * 64);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            out.writeBoolean(stats.srcIp() != null);
            if (stats.srcIp() != null) {
                out.writeUTF(stats.srcIp());
            }
            out.writeLong(stats.count());
            out.writeLong(stats.firstTimestamp() == null ? ABSENT : stats.firstTimestamp().toEpochMilli());
            out.writeLong(stats.lastTimestamp() == null ? ABSENT : stats.lastTimestamp().toEpochMilli());
            out.writeShort(stats.metrics().size());
            for (Map.Entry<String, MetricStats> metric : stats.metrics().entrySet()) {
                MetricStats m = metric.getValue();
                out.writeUTF(metric.getKey());
                writeBig(out, m.sum());
                out.writeLong(m.min());
                out.writeLong(m.max());
                out.writeDouble(m.mean());
                out.writeDouble(m.variance());
                writeBig(out, m.sumOfSquares());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static IpStats read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("aggregate store value of unknown layout version " + version);
            }
            String srcIp = in.readBoolean() ? in.readUTF() : null;
            long count = in.readLong();
            long first = in.readLong();
            long last = in.readLong();
            int metrics = in.readShort();
            Map<String, MetricStats> byName = new LinkedHashMap<>();
            for (int i = 0; i < metrics; i++) {
                String name = in.readUTF();
                byName.put(name, new MetricStats(readBig(in), in.readLong(), in.readLong(), in.readDouble(), in.readDouble(), readBig(in)));
            }
            return new IpStats(srcIp, count, first == ABSENT ? null : Instant.ofEpochMilli(first),
                    last == ABSENT ? null : Instant.ofEpochMilli(last), byName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBig(DataOutputStream out, BigInteger value) throws IOException {
        byte[] bytes = value.toByteArray();
        out.writeByte(bytes.length);
        out.write(bytes);
    }

    private static BigInteger readBig(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readUnsignedByte()];
        in.readFully(bytes);
        return new BigInteger(bytes);
    }
}

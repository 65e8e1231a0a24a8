package io.ipstream.topology.anomaly;

import io.ipstream.common.Metric;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link SlotBaseline} in its store: per metric count, mean, sum of squared deviations and streak,
 * fixed-width (one read and one write per record, so no JSON on this path). Layout: a version byte,
 * the number of metrics, then the four arrays in turn.
 */
public final class SlotBaselineSerde {
    private static final byte VERSION = 1;

    private SlotBaselineSerde() {
    }

    public static Serde<SlotBaseline> serde() {
        Serializer<SlotBaseline> serializer = (topic, baseline) -> baseline == null ? null : write(baseline);
        Deserializer<SlotBaseline> deserializer = (topic, bytes) -> bytes == null ? null : read(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static byte[] write(SlotBaseline baseline) {
        int metrics = baseline.count().length;
        ByteBuffer buffer = ByteBuffer.allocate(2 + metrics * (8 + 8 + 8 + 4));
        buffer.put(VERSION).put((byte) metrics);
        for (long count : baseline.count()) {
            buffer.putLong(count);
        }
        for (double mean : baseline.mean()) {
            buffer.putDouble(mean);
        }
        for (double m2 : baseline.m2()) {
            buffer.putDouble(m2);
        }
        for (int streak : baseline.streak()) {
            buffer.putInt(streak);
        }
        return buffer.array();
    }

    static SlotBaseline read(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte version = buffer.get();
        int metrics = buffer.get();
        if (version != VERSION || metrics != Metric.ALL.size()) {
            throw new IllegalStateException("slot baseline of unknown layout (version " + version + ", " + metrics + " metrics)");
        }
        long[] count = new long[metrics];
        double[] mean = new double[metrics];
        double[] m2 = new double[metrics];
        int[] streak = new int[metrics];
        for (int m = 0; m < metrics; m++) {
            count[m] = buffer.getLong();
        }
        for (int m = 0; m < metrics; m++) {
            mean[m] = buffer.getDouble();
        }
        for (int m = 0; m < metrics; m++) {
            m2[m] = buffer.getDouble();
        }
        for (int m = 0; m < metrics; m++) {
            streak[m] = buffer.getInt();
        }
        return new SlotBaseline(count, mean, m2, streak);
    }
}

package io.ipstream.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;

/**
 * Writes {@link IpStats} and {@link MetricStats} as data binding would, field for field, without
 * its per-field reflection: every {@code ip-averages} record and every statistics answer of the
 * REST API is one of these, and data binding spent most of its time in reflective accessor calls
 * and BigInteger/Instant formatting (docs/BENCHMARKS.md). Sums that fit a long are written as one.
 */
final class StatsJson {
    private StatsJson() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("ipstream-stats");
        module.addSerializer(IpStats.class, new IpStatsSerializer());
        module.addSerializer(MetricStats.class, new MetricStatsSerializer());
        return module;
    }

    private static final class IpStatsSerializer extends StdSerializer<IpStats> {
        IpStatsSerializer() {
            super(IpStats.class);
        }

        @Override
        public void serialize(IpStats stats, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            out.writeStringField("src_ip", stats.srcIp());
            out.writeNumberField("count", stats.count());
            writeInstant(out, "first_timestamp", stats.firstTimestamp());
            writeInstant(out, "last_timestamp", stats.lastTimestamp());
            out.writeObjectFieldStart("metrics");
            for (Map.Entry<String, MetricStats> metric : stats.metrics().entrySet()) {
                out.writeFieldName(metric.getKey());
                if (metric.getValue() == null) {
                    out.writeNull();
                } else {
                    MetricStatsSerializer.write(metric.getValue(), out);
                }
            }
            out.writeEndObject();
            out.writeEndObject();
        }

        private static void writeInstant(JsonGenerator out, String name, Instant at) throws IOException {
            out.writeFieldName(name);
            if (at == null) {
                out.writeNull();
            } else {
                out.writeString(at.toString());
            }
        }
    }

    private static final class MetricStatsSerializer extends StdSerializer<MetricStats> {
        MetricStatsSerializer() {
            super(MetricStats.class);
        }

        @Override
        public void serialize(MetricStats stats, JsonGenerator out, SerializerProvider provider) throws IOException {
            write(stats, out);
        }

        static void write(MetricStats stats, JsonGenerator out) throws IOException {
            out.writeStartObject();
            writeInteger(out, "sum", stats.sum());
            out.writeNumberField("min", stats.min());
            out.writeNumberField("max", stats.max());
            out.writeNumberField("mean", stats.mean());
            out.writeNumberField("variance", stats.variance());
            writeInteger(out, "sum_of_squares", stats.sumOfSquares());
            out.writeEndObject();
        }

        private static void writeInteger(JsonGenerator out, String name, BigInteger value) throws IOException {
            out.writeFieldName(name);
            if (value == null) {
                out.writeNull();
            } else if (value.bitLength() < Long.SIZE) {
                out.writeNumber(value.longValue());
            } else {
                out.writeNumber(value);
            }
        }
    }
}

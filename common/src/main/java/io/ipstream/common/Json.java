package io.ipstream.common;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** The project's JSON mapper and Kafka serdes built on it. */
public final class Json {
    /**
     * Instants as ISO-8601 text; unknown properties tolerated so readers survive added fields. Doubles are
     * written by Jackson's Schubfach writer: the JDK's {@code Double.toString} was the largest single cost of
     * writing statistics (docs/BENCHMARKS.md), and the shortest digits it writes read back as the same double.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(StatsJson.module())
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static <T> Serde<T> serde(Class<T> type) {
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
            }
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return MAPPER.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from topic " + topic, e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** Serde for validated records in their canonical JSON form. */
    public static Serde<IpLog> ipLogSerde(IpLogCodec codec) {
        Serializer<IpLog> serializer = (topic, log) -> log == null ? null : codec.toJson(log);
        Deserializer<IpLog> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return codec.parse(bytes);
            } catch (InvalidRecordException e) {
                throw new SerializationException("invalid record on topic " + topic + ": " + e.reason());
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}

package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsJsonTest {
    /** The project's mapper as it was before the hand-written serializers: plain data binding, same double writer. */
    private static final ObjectMapper DATA_BINDING = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** Every running state of the seed's statistics, IP by IP, as the topology publishes them. */
    private static List<IpStats> seedStates() {
        Map<String, IpStats> byIp = new LinkedHashMap<>();
        List<IpStats> states = new ArrayList<>();
        for (IpLog log : SeedData.ipLogs()) {
            IpStats next = byIp.getOrDefault(log.srcIp(), IpStats.EMPTY).plus(log);
            byIp.put(log.srcIp(), next);
            states.add(next);
        }
        return states;
    }

    /** Statistics of random values up to Long.MAX_VALUE, whose sums and squares pass 64 bits. */
    private static List<IpStats> hugeStates(long seed) {
        Random random = new Random(seed);
        List<IpStats> states = new ArrayList<>();
        IpStats stats = IpStats.EMPTY;
        for (int i = 0; i < 200; i++) {
            long[] values = new long[Metric.ALL.size()];
            for (int m = 0; m < values.length; m++) {
                values[m] = random.nextBoolean() ? random.nextLong() >>> 1 : random.nextInt(1000);
            }
            stats = stats.plus(new IpLog("198.51.100." + (i % 250), 1_700_000_000_000L + i * 3_600_123L, values));
            states.add(stats);
        }
        return states;
    }

    @Test
    void shouldWriteStatisticsByteForByteAsDataBindingDoes() throws Exception {
        // given
        List<IpStats> states = new ArrayList<>(seedStates());
        states.addAll(hugeStates(42));
        states.add(IpStats.EMPTY);
        Map<String, MetricStats> withAbsentMetric = new LinkedHashMap<>(states.get(0).metrics());
        withAbsentMetric.put(Metric.ALL.get(0).wireName(), null);
        states.add(new IpStats("203.0.113.9", 1, null, null, withAbsentMetric));

        for (IpStats stats : states) {
            // when
            String ours = Json.MAPPER.writeValueAsString(stats);

            // then
            assertThat(ours).isEqualTo(DATA_BINDING.writeValueAsString(stats));
            assertThat(Json.MAPPER.readValue(ours, IpStats.class)).isEqualTo(stats);
        }
    }

    @Test
    void shouldWriteStatisticsNestedInWindowsAsDataBindingDoes() throws Exception {
        // given
        IpStats stats = hugeStates(7).get(99);
        WindowStats window = new WindowStats("7d", Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-08T00:00:00Z"), stats);

        // when
        String ours = Json.MAPPER.writeValueAsString(window);

        // then
        assertThat(ours).isEqualTo(DATA_BINDING.writeValueAsString(window));
    }
}

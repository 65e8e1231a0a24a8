package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpStatsStoreSerdeTest {
    @Test
    void shouldReadBackEqualStatisticsIncludingHugeSumsAndTheEmptyValue() {
        // given: statistics over random records, some with values near the 64-bit limit, and the empty aggregate
        SplittableRandom random = new SplittableRandom(3);
        IpStats stats = IpStats.EMPTY;
        for (int i = 0; i < 50; i++) {
            long[] values = new long[Metric.ALL.size()];
            for (int m = 0; m < values.length; m++) {
                values[m] = i % 10 == 0 ? Long.MAX_VALUE - random.nextInt(1000) : random.nextLong(1_000_000);
            }
            stats = stats.plus(new IpLog("2001:db8::7", Instant.parse("2024-01-01T00:00:00Z").toEpochMilli() + i * 3_600_000L, values));
        }

        // when
        var serde = IpStatsStoreSerde.serde();
        IpStats back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", stats));
        IpStats emptyBack = serde.deserializer().deserialize("t", serde.serializer().serialize("t", IpStats.EMPTY));

        // then: equal to the last bit, and several times smaller than the JSON the topics carry
        assertThat(back).isEqualTo(stats);
        assertThat(emptyBack).isEqualTo(IpStats.EMPTY);
        assertThat(serde.serializer().serialize("t", stats).length).isLessThan(Json.serde(IpStats.class).serializer().serialize("t", stats).length);
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}

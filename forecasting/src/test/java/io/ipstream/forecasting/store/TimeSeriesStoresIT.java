package io.ipstream.forecasting.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Choosing the store: the probe of the local server, and a clear error when Redis is away. */
class TimeSeriesStoresIT {

    @Test
    void shouldPickSortedSetsOnAServerWithoutTheTimeSeriesModule() {
        // given: the local Redis 7, which has no TimeSeries module
        try (TimeSeriesStore store = TimeSeriesStores.connect(SortedSetTimeSeriesStoreIT.URL, "ipstreamprobe", Duration.ofDays(7))) {
            // then
            assertThat(store.kind()).isEqualTo("sorted sets");
        }
    }

    @Test
    void shouldNameTheAddressWhenRedisCannotBeReached() {
        // when / then
        assertThatThrownBy(() -> TimeSeriesStores.connect("redis://127.0.0.1:1", "ipstream", Duration.ofDays(7)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot reach Redis at 127.0.0.1:1");
    }
}

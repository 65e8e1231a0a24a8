package io.ipstream.forecasting.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract on RedisTimeSeries: runs against IPSTREAM_TEST_REDIS_TS_URL (a Redis 8 or Redis
 * Stack server), and is reported as skipped when that variable is not set.
 */
@EnabledIfEnvironmentVariable(named = "IPSTREAM_TEST_REDIS_TS_URL", matches = ".+",
        disabledReason = "IPSTREAM_TEST_REDIS_TS_URL is not set: no Redis with the TimeSeries module to test against")
class RedisTimeSeriesStoreIT extends TimeSeriesStoreContract {
    private static final String URL = System.getenv("IPSTREAM_TEST_REDIS_TS_URL");

    @Override
    protected TimeSeriesStore open(String prefix, Duration retention) {
        TimeSeriesStore store = TimeSeriesStores.connect(URL, prefix, retention);
        assertThat(store.kind()).as("the server at IPSTREAM_TEST_REDIS_TS_URL must have the TimeSeries module").isEqualTo("RedisTimeSeries");
        return store;
    }

    @Override
    protected void deleteAll(String prefix) {
        SortedSetTimeSeriesStoreIT.deleteKeys(URL, prefix);
    }
}

package io.ipstream.forecasting.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/** The contract on plain Redis: the local server (REDIS_URL or redis://127.0.0.1:6379). */
class SortedSetTimeSeriesStoreIT extends TimeSeriesStoreContract {
    static final String URL = System.getenv().getOrDefault("IPSTREAM_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    @Override
    protected TimeSeriesStore open(String prefix, Duration retention) {
        return TimeSeriesStores.sortedSets(URL, prefix, retention);
    }

    @Override
    protected void deleteAll(String prefix) {
        deleteKeys(URL, prefix);
    }

    static void deleteKeys(String url, String prefix) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (String key : connection.sync().scan(ScanArgs.Builder.matches(prefix + ":*").limit(10_000)).getKeys()) {
                connection.sync().del(key);
            }
        } finally {
            client.shutdown();
        }
    }
}

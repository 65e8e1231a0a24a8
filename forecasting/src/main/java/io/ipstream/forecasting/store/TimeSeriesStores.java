package io.ipstream.forecasting.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connects to Redis and picks the store: RedisTimeSeries when the server has the module, sorted sets otherwise. */
public final class TimeSeriesStores {
    private static final Logger LOG = LoggerFactory.getLogger(TimeSeriesStores.class);

    private TimeSeriesStores() {
    }

    /** A store on the server at {@code redisUri}, probed for the TimeSeries module. */
    public static TimeSeriesStore connect(String redisUri, String keyPrefix, Duration retention) {
        RedisURI uri = RedisURI.create(redisUri);
        RedisClient client = RedisClient.create(uri);
        StatefulRedisConnection<String, String> connection = open(client, uri);
        SeriesKeys keys = new SeriesKeys(keyPrefix);
        try {
            if (hasTimeSeries(connection)) {
                LOG.info("Redis at {}:{} has the TimeSeries module: series are RedisTimeSeries keys", uri.getHost(), uri.getPort());
                return new RedisTimeSeriesStore(client, connection, keys, retention);
            }
            LOG.info("Redis at {}:{} has no TimeSeries module: series are sorted sets (same behaviour, plain Redis)",
                    uri.getHost(), uri.getPort());
            return new SortedSetTimeSeriesStore(client, connection, keys, retention);
        } catch (RuntimeException e) {
            connection.close();
            client.shutdown();
            throw new IllegalStateException("Redis at " + uri.getHost() + ":" + uri.getPort() + " refused the store's set-up ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Only the plain-Redis store, whatever the server has: for the contract tests of that implementation. */
    public static TimeSeriesStore sortedSets(String redisUri, String keyPrefix, Duration retention) {
        RedisURI uri = RedisURI.create(redisUri);
        RedisClient client = RedisClient.create(uri);
        return new SortedSetTimeSeriesStore(client, open(client, uri), new SeriesKeys(keyPrefix), retention);
    }

    /** {@code COMMAND INFO TS.ADD} names the command only where the module is loaded. */
    static boolean hasTimeSeries(StatefulRedisConnection<String, String> connection) {
        List<Object> info = connection.sync().commandInfo("TS.ADD");
        return !info.isEmpty() && info.get(0) != null;
    }

    private static StatefulRedisConnection<String, String> open(RedisClient client, RedisURI uri) {
        try {
            return client.connect();
        } catch (RedisConnectionException e) {
            client.shutdown();
            throw new IllegalStateException("cannot reach Redis at " + uri.getHost() + ":" + uri.getPort()
                    + " (" + e.getMessage() + "); start it (redis-server) or point --redis at it", e);
        }
    }
}

package io.ipstream.app.demo;

import io.ipstream.common.Secrets;
import io.ipstream.forecasting.archive.DatabaseSettings;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.Driver;

/**
 * The demo's own corner of Redis and PostgreSQL (a key prefix and a schema no deployment uses),
 * emptied before each run so every demo starts fresh. Doing that first is also the reachability
 * check: a server that is down stops the demo at once with one message saying what to do.
 */
public final class DemoStores {
    public static final String KEY_PREFIX = "ipstream-demo";
    public static final String SCHEMA = "ipstream_demo";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private DemoStores() {
    }

    /** Deletes the demo's keys and drops its schema; an IllegalStateException names the server that is not reachable. */
    public static void reset(String redisUri, DatabaseSettings database) {
        clearRedis(redisUri);
        dropSchema(database);
    }

    private static void clearRedis(String redisUri) {
        RedisURI uri = RedisURI.create(redisUri);
        uri.setTimeout(CONNECT_TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanArgs demoKeys = ScanArgs.Builder.matches(KEY_PREFIX + ":*").limit(1000);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, demoKeys);
                if (!page.getKeys().isEmpty()) {
                    connection.sync().unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } catch (RedisConnectionException e) {
            throw new IllegalStateException("Redis at " + uri.getHost() + ":" + uri.getPort() + " is not reachable (" + e.getMessage()
                    + "); start it (redis-server --daemonize yes) or point --redis at a running one", e);
        } finally {
            client.shutdown();
        }
    }

    private static void dropSchema(DatabaseSettings database) {
        java.util.Properties parsed = Driver.parseURL(database.jdbcUrl(), null);
        String address = parsed == null ? Secrets.redact(database.jdbcUrl()) : parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT");
        DriverManager.setLoginTimeout((int) CONNECT_TIMEOUT.toSeconds());
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + address + " is not reachable (" + e.getMessage().lines().findFirst().orElse("")
                    + "); start it (pg_ctlcluster <version> main start, or your service manager) or point --jdbc-url at a running one", e);
        }
    }
}

package io.ipstream.app.cli;

import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.forecasting.service.RedisSettings;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the time-series store (Redis) and the archive (PostgreSQL) are, and how ipstream's keys and tables are named there. */
public final class StoreOptions {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--redis-key-prefix", paramLabel = "PREFIX", defaultValue = "${env:IPSTREAM_REDIS_KEY_PREFIX:-" + RedisSettings.DEFAULT_PREFIX + "}",
            description = "Prefix of every Redis key this deployment writes (env IPSTREAM_REDIS_KEY_PREFIX; default ${DEFAULT-VALUE}).")
    String redisKeyPrefix;

    @Option(names = "--redis-retention", paramLabel = "DURATION", defaultValue = "${env:IPSTREAM_REDIS_RETENTION:-0}",
            converter = DurationConverter.class,
            description = "Drop points this far behind each series' newest, as a safety cap; 0 (default): none, the archive trims. "
                    + "Must exceed --archive-horizon plus --archive-interval (env IPSTREAM_REDIS_RETENTION).")
    Duration redisRetention;

    @Option(names = "--db-schema", paramLabel = "SCHEMA", defaultValue = "${env:IPSTREAM_DB_SCHEMA:-" + DatabaseSettings.DEFAULT_SCHEMA + "}",
            description = "Schema of ipstream's tables, created and migrated at start (env IPSTREAM_DB_SCHEMA; default ${DEFAULT-VALUE}).")
    String dbSchema;

    RedisSettings redis() {
        return new RedisSettings(connection.redisUri, redisKeyPrefix, redisRetention);
    }

    DatabaseSettings database() {
        return connection.database(dbSchema);
    }
}

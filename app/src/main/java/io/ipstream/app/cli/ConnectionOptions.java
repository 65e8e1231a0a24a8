package io.ipstream.app.cli;

import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.forecasting.service.RedisSettings;
import picocli.CommandLine.Option;

/** Where Redis and PostgreSQL are and who to be there. */
public final class ConnectionOptions {
    private static final String PASSWORD_ENV = "IPSTREAM_DB_PASSWORD";

    @Option(names = "--redis", paramLabel = "URI", defaultValue = "${env:IPSTREAM_REDIS_URL:-" + RedisSettings.DEFAULT_URI + "}",
            description = "Redis for the time series (env IPSTREAM_REDIS_URL; default ${DEFAULT-VALUE}). RedisTimeSeries is used "
                    + "when the server has it, sorted sets otherwise.")
    String redisUri;

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = "${env:IPSTREAM_JDBC_URL:-" + DatabaseSettings.DEFAULT_JDBC_URL + "}",
            description = "PostgreSQL for the archive (env IPSTREAM_JDBC_URL; default ${DEFAULT-VALUE}).")
    String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "ROLE", defaultValue = "${env:IPSTREAM_DB_USER:-" + DatabaseSettings.DEFAULT_USER + "}",
            description = "PostgreSQL role (env IPSTREAM_DB_USER; default ${DEFAULT-VALUE}); its password comes only from env "
                    + PASSWORD_ENV + ", never a flag, so it does not show in the process list.")
    String dbUser;

    /** The database settings with ipstream's tables in {@code schema}. */
    DatabaseSettings database(String schema) {
        return new DatabaseSettings(jdbcUrl, dbUser, System.getenv().getOrDefault(PASSWORD_ENV, ""), schema);
    }
}

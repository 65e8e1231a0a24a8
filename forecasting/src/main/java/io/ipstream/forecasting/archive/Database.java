package io.ipstream.forecasting.archive;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ipstream.common.ConfigError;
import io.ipstream.common.Secrets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL archive's connection pool (HikariCP) and schema (Flyway). The pool starts even
 * when the server is down, so a service can come up and retry; every failure to connect is
 * reported with the server's host:port.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Seconds a server-side session stays idle before PostgreSQL probes whether the client is still there. */
    public static final int KEEPALIVE_IDLE_SECONDS = 30;

    private final HikariDataSource dataSource;
    private final String address;
    private final String schema;

    private Database(HikariDataSource dataSource, String address, String schema) {
        this.dataSource = dataSource;
        this.address = address;
        this.schema = schema;
    }

    /** A pool for {@code settings}; connects lazily. A URL that is not PostgreSQL's is a {@link ConfigError}. */
    public static Database open(DatabaseSettings settings) {
        Properties parsed = Driver.parseURL(settings.jdbcUrl(), null);
        if (parsed == null) {
            throw new ConfigError("--jdbc-url: '" + Secrets.redact(settings.jdbcUrl()) + "' is not a PostgreSQL JDBC URL such as "
                    + DatabaseSettings.DEFAULT_JDBC_URL);
        }
        if (settings.schema().isBlank()) {
            throw new ConfigError("--db-schema must not be empty");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("ipstream-archive");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password());
        }
        config.setSchema(settings.schema());
        // The trainer's threads (one per core), the archive and the HTTP API share the pool.
        config.setMaximumPoolSize(Runtime.getRuntime().availableProcessors() + 4);
        config.setConnectionTimeout(5_000);
        // Start without a connection: a service whose database is down retries instead of dying.
        config.setInitializationFailTimeout(-1);
        // In a half-open partition the server keeps a dead session, and with it the archive's advisory
        // lock, until its TCP keepalive notices: about two hours by default. These settings apply to this
        // session only: probe after 30 s idle, every 10 s, and give up after 3 unanswered probes.
        config.setConnectionInitSql("SET tcp_keepalives_idle = " + KEEPALIVE_IDLE_SECONDS
                + "; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3");
        String address = parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT");
        return new Database(new HikariDataSource(config), address, settings.schema());
    }

    /** Creates or upgrades ipstream's tables in the schema; safe to run on every start. */
    public void migrate() {
        try {
            Flyway.configure().dataSource(dataSource).schemas(schema).load().migrate();
            LOG.info("PostgreSQL at {}: schema {} is up to date", address, schema);
        } catch (FlywayException e) {
            throw unreachable(e);
        }
    }

    /** A pooled connection; the caller closes it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * A session-level advisory lock named {@code name} in this schema, held until the returned handle
     * is closed; empty when another session holds it. One archive pass at a time across instances:
     * two would do the same work twice, and their merges could deadlock on each other's rows.
     */
    public Optional<Lock> tryLock(String name) {
        String key = schema + ":" + name;
        try {
            Connection connection = dataSource.getConnection();
            boolean locked;
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
                lock.setString(1, key);
                try (ResultSet result = lock.executeQuery()) {
                    locked = result.next() && result.getBoolean(1);
                }
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            if (!locked) {
                connection.close();
                return Optional.empty();
            }
            return Optional.of(() -> {
                try (connection; PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
                    unlock.setString(1, key);
                    unlock.execute();
                } catch (SQLException e) {
                    // Closing the session releases the lock anyway.
                    LOG.debug("Releasing lock {} failed", key, e);
                }
            });
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /** A held advisory lock; closing releases it. */
    @FunctionalInterface
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /** host:port of the server, for messages. */
    public String address() {
        return address;
    }

    /** The one message for a database failure: which server, what went wrong, what to do. */
    public ArchiveUnavailable unreachable(Exception cause) {
        return new ArchiveUnavailable("PostgreSQL at " + address + " failed: " + firstLine(cause)
                + "; start PostgreSQL there or point --jdbc-url at it", cause);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String firstLine(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

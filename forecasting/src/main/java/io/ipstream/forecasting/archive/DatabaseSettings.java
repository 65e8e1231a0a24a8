package io.ipstream.forecasting.archive;

/**
 * Where the archive lives: a PostgreSQL JDBC URL, the role and its password (empty for trust
 * authentication), and the schema that holds ipstream's tables (created by the migrations).
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, String schema) {
    public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String DEFAULT_USER = "postgres";
    public static final String DEFAULT_SCHEMA = "public";
}

package io.ipstream.forecasting.archive;

import io.ipstream.common.Secrets;

/**
 * Where the archive lives: a PostgreSQL JDBC URL, the role and its password (empty for trust
 * authentication), and the schema that holds ipstream's tables (created by the migrations).
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, String schema) {
    public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String DEFAULT_USER = "postgres";
    public static final String DEFAULT_SCHEMA = "public";

    /** Without the password, or one in the URL: settings end up in log lines and failure messages. */
    @Override
    public String toString() {
        String shownPassword = password == null || password.isEmpty() ? "" : "***";
        return "DatabaseSettings[jdbcUrl=" + Secrets.redact(jdbcUrl) + ", user=" + user + ", password=" + shownPassword + ", schema=" + schema + "]";
    }
}

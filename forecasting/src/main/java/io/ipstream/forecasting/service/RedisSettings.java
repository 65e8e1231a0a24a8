package io.ipstream.forecasting.service;

import io.ipstream.common.Secrets;
import java.time.Duration;

/** The time-series store: the server, the key prefix, and each series' retention (zero: none; the archive trims). */
public record RedisSettings(String uri, String keyPrefix, Duration retention) {
    public static final String DEFAULT_URI = "redis://127.0.0.1:6379";
    public static final String DEFAULT_PREFIX = "ipstream";

    /** Without the password the URI may hold: settings end up in log lines and failure messages. */
    @Override
    public String toString() {
        return "RedisSettings[uri=" + Secrets.redact(uri) + ", keyPrefix=" + keyPrefix + ", retention=" + retention + "]";
    }
}

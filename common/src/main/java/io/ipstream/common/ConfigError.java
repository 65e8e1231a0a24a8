package io.ipstream.common;

/** A configuration or input file the user must fix; its message is shown as-is, on one line. */
public class ConfigError extends RuntimeException {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.ipstream.forecasting.archive;

/** PostgreSQL could not be reached or refused the work; nothing was trimmed from Redis for it. */
public final class ArchiveUnavailable extends IllegalStateException {
    public ArchiveUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}

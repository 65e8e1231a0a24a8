package io.ipstream.common;

/** Names of the application's own metrics (Kafka Streams custom sensors and Micrometer meters), in one place. */
public final class MetricNames {
    /** Sensor scope for every ipstream metric. */
    public static final String SCOPE = "ipstream";
    /** Records sent to the dead-letter topic ({@code ipstream-dead-letters-total}). */
    public static final String DEAD_LETTERS = "dead-letters";
    /** Records that passed the dedupe: each (src_ip, timestamp) counted once into the statistics. */
    public static final String COUNTED_RECORDS = "records-counted";
    /** Records dropped because their (src_ip, timestamp) was already counted. */
    public static final String DUPLICATES = "duplicates";
    /** Records later than the grace period for their windows: counted all-time, not in the closed windows. */
    public static final String LATE_WINDOW_RECORDS = "late-window-records";
    /** Anomalous values the streaming detector published to ip-anomalies. */
    public static final String STREAMING_ANOMALIES = "streaming-anomalies";

    /** Records of ip-logs the forecasting service wrote to Redis (Micrometer name). */
    public static final String INGESTED_RECORDS = "ipstream.ingest.records";
    /** Records of ip-logs the forecasting service skipped as invalid. */
    public static final String INGEST_INVALID = "ipstream.ingest.invalid";
    /** Batches of ip-logs whose write to Redis failed; each was read again from the last commit. */
    public static final String INGEST_FAILURES = "ipstream.ingest.failures";
    /** Points the archive committed to PostgreSQL. */
    public static final String ARCHIVED_POINTS = "ipstream.archive.points";
    /** Archive passes that failed (PostgreSQL or Redis away); nothing was trimmed for them. */
    public static final String ARCHIVE_FAILURES = "ipstream.archive.failures";

    /** Anomalies stored in PostgreSQL, each once, tagged by source (streaming, forecast). */
    public static final String STORED_ANOMALIES = "ipstream.anomalies.stored";

    /** HTTP requests served, by method, route and status (Micrometer timer). */
    public static final String HTTP_REQUESTS = "http.server.requests";

    /** Series the trainer fitted and stored. */
    public static final String TRAINED_SERIES = "ipstream.train.series";

    private MetricNames() {
    }
}

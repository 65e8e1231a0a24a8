package io.ipstream.common;

/** Names of the application's own metrics (Kafka Streams custom sensors), in one place. */
public final class MetricNames {
    /** Sensor scope for every ipstream metric. */
    public static final String SCOPE = "ipstream";
    /** Records sent to the dead-letter topic ({@code ipstream-dead-letters-total}). */
    public static final String DEAD_LETTERS = "dead-letters";
    /** Records dropped because their (src_ip, timestamp) was already counted. */
    public static final String DUPLICATES = "duplicates";

    private MetricNames() {
    }
}

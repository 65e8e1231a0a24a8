package io.ipstream.common;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One anomalous value: the value of {@code ip-anomalies}, keyed by source IP. {@code expected} is
 * what the detector expected at that time, {@code score} how far off (in the detector's units:
 * standard deviations for the streaming detector), {@code source} which detector flagged it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Anomaly(String srcIp, Instant timestamp, String metric, double value, double expected, double score, String source) {
    public static final String STREAMING = "streaming";
    public static final String FORECAST = "forecast";
}

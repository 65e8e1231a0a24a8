package io.ipstream.common;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** One source IP's statistics in one time window: the value of {@code ip-window-averages}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WindowStats(String window, Instant windowStart, Instant windowEnd, IpStats stats) {
}

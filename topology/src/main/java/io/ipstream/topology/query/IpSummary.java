package io.ipstream.topology.query;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.ipstream.common.IpStats;
import io.ipstream.common.Metric;
import java.util.LinkedHashMap;
import java.util.Map;

/** One line of {@code GET /api/ips}: an IP, its record count and the current mean of each metric. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IpSummary(String srcIp, long count, Map<String, Double> means) {

    public static IpSummary of(IpStats stats) {
        Map<String, Double> means = new LinkedHashMap<>();
        for (Metric metric : Metric.ALL) {
            means.put(metric.wireName(), stats.mean(metric));
        }
        return new IpSummary(stats.srcIp(), stats.count(), means);
    }
}

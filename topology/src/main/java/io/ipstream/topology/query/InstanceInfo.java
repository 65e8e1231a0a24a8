package io.ipstream.topology.query;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** One streams instance as {@code GET /api/instances} lists it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstanceInfo(String url, boolean self, List<String> activePartitions, List<String> standbyPartitions) {
}

package io.ipstream.topology.query;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A page of IPs in address-text order and how many IPs there are in all; {@code next} is the
 * cursor for the following page ({@code after=}), null on the last page; {@code partitions} are
 * the partitions it was read from, so the instance merging pages can tell none was missed or
 * read twice while partitions moved.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IpPage(long total, int offset, int limit, String next, List<IpSummary> ips, List<Integer> partitions) {
}

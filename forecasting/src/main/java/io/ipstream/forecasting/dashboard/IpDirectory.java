package io.ipstream.forecasting.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.anomaly.AnomalyRepository;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's IP list: every IP the topology knows with its count and metric means, joined
 * with its stored anomaly counts, searched, sorted and paged here so the page never holds 10,000
 * rows. The joined list is kept for a few seconds: the page polls, and many viewers share it.
 */
public final class IpDirectory {
    /** How long one fetch of the whole list serves. */
    static final Duration FRESH_FOR = Duration.ofSeconds(5);
    private static final int STREAMS_PAGE = 1000;
    public static final int MAX_LIMIT = 500;

    /** One IP of the list. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(String srcIp, long count, Map<String, Double> means, long anomalies, Map<String, Long> anomaliesBySource) {
    }

    /** One page of the filtered, sorted list. */
    public record Page(long total, int offset, int limit, List<Entry> ips) {
    }

    private final StreamsApi streams;
    private final AnomalyRepository anomalies;
    private final Clock clock;
    private List<Entry> cached;
    private long cachedAt;

    public IpDirectory(StreamsApi streams, AnomalyRepository anomalies, Clock clock) {
        this.streams = streams;
        this.anomalies = anomalies;
        this.clock = clock;
    }

    /**
     * @param search substring of the address, or null
     * @param sort   "src_ip", "count", "anomalies" or a metric's wire name (its mean)
     * @throws IllegalArgumentException for a bad sort, order or page
     */
    public Page page(String search, String sort, boolean descending, int limit, int offset) throws IOException, InterruptedException {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + " and offset not negative");
        }
        Comparator<Entry> order = comparator(sort);
        List<Entry> matching = new ArrayList<>();
        String needle = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
        for (Entry entry : entries()) {
            if (entry.srcIp().contains(needle)) {
                matching.add(entry);
            }
        }
        matching.sort(descending ? order.reversed() : order);
        List<Entry> slice = offset >= matching.size() ? List.of() : matching.subList(offset, Math.min(matching.size(), offset + limit));
        return new Page(matching.size(), offset, limit, List.copyOf(slice));
    }

    private static Comparator<Entry> comparator(String sort) {
        String key = sort == null ? "anomalies" : sort;
        Comparator<Entry> byIp = Comparator.comparing(Entry::srcIp);
        return switch (key) {
            case "src_ip" -> byIp;
            case "count" -> Comparator.comparingLong(Entry::count).thenComparing(byIp);
            case "anomalies" -> Comparator.comparingLong(Entry::anomalies).thenComparing(byIp);
            default -> {
                if (Metric.fromWireName(key) == null) {
                    throw new IllegalArgumentException("sort must be src_ip, count, anomalies or a metric, not '" + key + "'");
                }
                yield Comparator.<Entry>comparingDouble(e -> e.means().getOrDefault(key, 0.0)).thenComparing(byIp);
            }
        };
    }

    private synchronized List<Entry> entries() throws IOException, InterruptedException {
        long now = clock.millis();
        if (cached != null && now - cachedAt < FRESH_FOR.toMillis()) {
            return cached;
        }
        Map<String, Map<String, Long>> counts = anomalies.countsByIp();
        // Paged by cursor: each IP once, in address order, even while new IPs arrive between pages.
        Map<String, Entry> all = new LinkedHashMap<>();
        String after = null;
        do {
            StreamsApi.Reply reply = streams.get("/api/ips", "limit=" + STREAMS_PAGE
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
            if (reply.status() != 200) {
                throw new IOException("the topology at " + streams.baseUrl() + " answered " + reply.status() + " to /api/ips");
            }
            JsonNode page = Json.MAPPER.readTree(reply.body());
            for (JsonNode ip : page.get("ips")) {
                String address = ip.get("src_ip").asText();
                Map<String, Double> means = new LinkedHashMap<>();
                ip.get("means").properties().forEach(mean -> means.put(mean.getKey(), mean.getValue().asDouble()));
                Map<String, Long> bySource = counts.getOrDefault(address, Map.of());
                all.put(address, new Entry(address, ip.get("count").asLong(), means,
                        bySource.values().stream().mapToLong(Long::longValue).sum(), bySource));
            }
            after = page.path("next").isTextual() ? page.get("next").asText() : null;
        } while (after != null);
        cached = List.copyOf(all.values());
        cachedAt = now;
        return cached;
    }
}

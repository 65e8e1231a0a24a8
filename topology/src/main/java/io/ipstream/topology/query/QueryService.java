package io.ipstream.topology.query;

import io.ipstream.common.ApiToken;
import io.ipstream.common.Backoff;
import io.ipstream.common.IpAddresses;
import io.ipstream.common.Json;
import io.ipstream.common.Texts;
import io.ipstream.common.TimeRange;
import io.ipstream.common.Topics;
import io.ipstream.common.WindowStats;
import io.ipstream.topology.WindowSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers queries from whichever instance receives them: reads the local store when this instance
 * owns the IP, otherwise forwards the same request to the owner and returns its answer unchanged.
 * While the group rebalances it retries within a bound, then answers 503 with Retry-After: never a
 * stale or partial answer unless the caller allows a standby's copy.
 */
public final class QueryService {
    /** Marks a forwarded request: its receiver answers from its own stores or with 503, never forwards again. */
    public static final String FORWARDED_HEADER = "X-Ipstream-Forwarded";
    public static final String SERVED_BY_HEADER = "X-Ipstream-Served-By";
    public static final String STALE_HEADER = "X-Ipstream-Stale";
    public static final int MAX_LIMIT = 1000;
    /** Deeper pages go by cursor ({@code after=}): an offset costs every instance offset + limit IPs held in memory. */
    public static final int MAX_OFFSET = 10_000;
    /**
     * Listings held in memory at once on one instance, each up to (offset + limit) IPs per partition;
     * more answer 503, so a burst of listings cannot exhaust the heap.
     */
    public static final int MAX_CONCURRENT_LISTINGS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

    private final MetadataService metadata;
    private final LocalStores stores;
    private final List<WindowSpec> windows;
    private final Duration retryBound;
    private final HttpClient http;
    private final String selfUrl;
    private final ApiToken token;
    private final Semaphore listings = new Semaphore(MAX_CONCURRENT_LISTINGS);

    /** @param token sent with every request forwarded to another instance, which checks it as this one does */
    public QueryService(MetadataService metadata, LocalStores stores, List<WindowSpec> windows, Duration retryBound, ApiToken token) {
        this.metadata = metadata;
        this.stores = stores;
        this.windows = windows;
        this.retryBound = retryBound;
        this.token = token;
        this.selfUrl = MetadataService.url(metadata.self());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    public String selfUrl() {
        return selfUrl;
    }

    /** {@code GET /api/ips/{ip}/stats}. */
    public QueryResponse stats(String ipText, boolean allowStale, boolean forwarded) {
        String ip;
        try {
            ip = IpAddresses.parseParameter(ipText);
        } catch (IllegalArgumentException e) {
            return QueryResponse.error(400, e.getMessage(), selfUrl);
        }
        String path = "/api/ips/" + encode(ip) + "/stats";
        return routed(ip, path, allowStale, forwarded, (partition, stale) -> stores.stats(ip, partition, stale)
                .<QueryResponse>map(stats -> QueryResponse.ok(stats, selfUrl))
                .orElseGet(() -> QueryResponse.error(404, "no records of " + ip, selfUrl)));
    }

    /** {@code GET /api/ips/{ip}/windows?window=&from=&to=}. */
    public QueryResponse windows(String ipText, String windowName, String fromText, String toText, boolean allowStale, boolean forwarded) {
        String ip;
        try {
            ip = IpAddresses.parseParameter(ipText);
        } catch (IllegalArgumentException e) {
            return QueryResponse.error(400, e.getMessage(), selfUrl);
        }
        Optional<WindowSpec> window = windows.stream().filter(w -> w.name().equals(windowName)).findFirst();
        if (window.isEmpty()) {
            return QueryResponse.error(400, "window must be one of " + windows.stream().map(WindowSpec::name).toList()
                    + ", not '" + Texts.clip(String.valueOf(windowName)) + "'", selfUrl);
        }
        TimeRange range;
        try {
            range = TimeRange.parse(fromText, toText);
        } catch (IllegalArgumentException e) {
            return QueryResponse.error(400, e.getMessage(), selfUrl);
        }
        Instant from = range.from();
        Instant to = range.to();
        String path = "/api/ips/" + encode(ip) + "/windows?window=" + encode(windowName) + "&from=" + from + "&to=" + to;
        return routed(ip, path, allowStale, forwarded, (partition, stale) -> {
            List<WindowStats> found = stores.windows(ip, window.get(), from, to, partition, stale);
            return QueryResponse.ok(Map.of("src_ip", ip, "window", windowName, "windows", found), selfUrl);
        });
    }

    /**
     * {@code GET /api/ips}: every IP across all instances, a page at a time, in address-text order,
     * starting after the IP {@code afterText} (from the first when null).
     */
    public QueryResponse ips(int limit, int offset, String afterText) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0 || offset > MAX_OFFSET) {
            return QueryResponse.error(400, "limit must be 1-" + MAX_LIMIT + " and offset 0-" + MAX_OFFSET
                    + "; to page further, pass the previous page's next as after=", selfUrl);
        }
        return listing(afterText, after -> mergedIps(limit, offset, after));
    }

    private QueryResponse mergedIps(int limit, int offset, String after) {
        int wanted = offset + limit;
        // One more than the page tells whether another page follows.
        int read = wanted + 1;
        long deadline = System.nanoTime() + retryBound.toNanos();
        String problem = "the instances are rebalancing";
        Backoff backoff = new Backoff(FIRST_BACKOFF, MAX_BACKOFF);
        while (true) {
            try {
                List<InstanceInfo> instances = metadata.instances();
                long total = 0;
                List<IpSummary> merged = new ArrayList<>();
                List<Integer> covered = new ArrayList<>();
                for (InstanceInfo instance : instances) {
                    IpPage page = instance.self() ? stores.firstIps(read, after) : remotePage(instance.url(), read, after);
                    total += page.total();
                    merged.addAll(page.ips());
                    covered.addAll(page.partitions());
                }
                if (coversEveryPartitionOnce(covered, instances)) {
                    merged.sort(Comparator.comparing(IpSummary::srcIp));
                    List<IpSummary> slice = merged.subList(Math.min(offset, merged.size()), Math.min(wanted, merged.size()));
                    String next = merged.size() > wanted && !slice.isEmpty() ? slice.get(slice.size() - 1).srcIp() : null;
                    return QueryResponse.ok(new IpPage(total, offset, limit, next, slice, List.of()), selfUrl);
                }
                problem = "partitions moved while the pages were read";
            } catch (InvalidStateStoreException | IllegalStateException | IOException e) {
                LOG.debug("Listing IPs failed, retrying", e);
                problem = "an instance is unreachable or rebalancing (" + e.getMessage() + ")";
            }
            if (!waitForRetry(backoff.next(), deadline)) {
                return QueryResponse.unavailable(problem + "; try again", selfUrl, 1);
            }
        }
    }

    /** The pages together read each partition that the metadata names as active exactly once. */
    private static boolean coversEveryPartitionOnce(List<Integer> covered, List<InstanceInfo> instances) {
        List<Integer> expected = instances.stream().flatMap(i -> i.activePartitions().stream())
                .filter(p -> p.startsWith(Topics.IP_LOGS + "-"))
                .map(p -> Integer.parseInt(p.substring(Topics.IP_LOGS.length() + 1)))
                .sorted().toList();
        return !expected.isEmpty() && covered.stream().sorted().toList().equals(expected);
    }

    /** {@code GET /api/local/ips}: this instance's part of {@link #ips}, for the instance that merges them. */
    public QueryResponse localIps(int limit, String afterText) {
        if (limit < 1 || limit > MAX_OFFSET + MAX_LIMIT + 1) {
            return QueryResponse.error(400, "limit must be 1-" + (MAX_OFFSET + MAX_LIMIT + 1), selfUrl);
        }
        return listing(afterText, after -> {
            try {
                return QueryResponse.ok(stores.firstIps(limit, after), selfUrl);
            } catch (InvalidStateStoreException | IllegalStateException e) {
                return QueryResponse.unavailable("stores are not queryable yet: " + e.getMessage(), selfUrl, 1);
            }
        });
    }

    /**
     * Reads a listing that starts after the IP {@code afterText} (from the first when null) while
     * holding one of the listing permits: 400 for a malformed cursor, 503 when every permit is taken.
     */
    private QueryResponse listing(String afterText, Function<String, QueryResponse> read) {
        String after;
        try {
            after = afterText == null ? null : IpAddresses.parseParameter(afterText);
        } catch (IllegalArgumentException e) {
            return QueryResponse.error(400, "after: " + e.getMessage(), selfUrl);
        }
        if (!listings.tryAcquire()) {
            return QueryResponse.unavailable(MAX_CONCURRENT_LISTINGS + " IP listings are already running on this instance; try again",
                    selfUrl, 1);
        }
        try {
            return read.apply(after);
        } finally {
            listings.release();
        }
    }

    /** {@code GET /api/instances}. */
    public QueryResponse instances() {
        try {
            return QueryResponse.ok(metadata.instances(), selfUrl);
        } catch (IllegalStateException e) {
            return QueryResponse.unavailable("this instance is not running (" + e.getMessage() + ")", selfUrl, 1);
        }
    }

    /** Ready when every partition this instance is active for can be read now. */
    public boolean ready() {
        try {
            stores.checkQueryable();
            return true;
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return false;
        }
    }

    /** A read of one partition of the local stores. */
    private interface LocalRead {
        QueryResponse read(int partition, boolean stale);
    }

    private QueryResponse routed(String ip, String path, boolean allowStale, boolean forwarded, LocalRead read) {
        long deadline = System.nanoTime() + retryBound.toNanos();
        String problem = "the instances are rebalancing";
        Backoff backoff = new Backoff(FIRST_BACKOFF, MAX_BACKOFF);
        while (true) {
            try {
                Optional<KeyQueryMetadata> owner = metadata.ownerOf(ip);
                if (owner.isPresent()) {
                    KeyQueryMetadata where = owner.get();
                    if (metadata.isSelf(where.activeHost())) {
                        return readLocal(where.partition(), allowStale, read);
                    }
                    if (allowStale && where.standbyHosts().stream().anyMatch(metadata::isSelf)) {
                        return read.read(where.partition(), true).withHeader(STALE_HEADER, "true");
                    }
                    if (!forwarded) {
                        QueryResponse answer = forwardOrStandby(where, path, allowStale);
                        if (answer.status() != 503) {
                            return answer;
                        }
                        problem = "the owner of " + ip + " cannot answer yet";
                    } else {
                        problem = "this instance does not hold " + ip + " now";
                    }
                }
            } catch (InvalidStateStoreException e) {
                problem = "the store of " + ip + " is not queryable yet (" + e.getMessage() + ")";
            } catch (IllegalStateException e) {
                problem = "this instance is not running (" + e.getMessage() + ")";
            } catch (IOException e) {
                problem = "the owner of " + ip + " is unreachable (" + e.getClass().getSimpleName() + ")";
            }
            // A forwarded request answers at once: its sender holds the deadline and retries with fresh metadata.
            if (forwarded || !waitForRetry(backoff.next(), deadline)) {
                return QueryResponse.unavailable(problem + "; try again", selfUrl, 1);
            }
        }
    }

    /** This instance's own copy; while it is still restoring, a caller who allows stale data gets what it has. */
    private static QueryResponse readLocal(int partition, boolean allowStale, LocalRead read) {
        try {
            return read.read(partition, false);
        } catch (InvalidStateStoreException e) {
            if (!allowStale) {
                throw e;
            }
            return read.read(partition, true).withHeader(STALE_HEADER, "true");
        }
    }

    /** The owner's answer; if it is unreachable and stale data is allowed, a standby's. */
    private QueryResponse forwardOrStandby(KeyQueryMetadata where, String path, boolean allowStale) throws IOException {
        try {
            return forward(where.activeHost(), path, allowStale);
        } catch (IOException e) {
            Optional<QueryResponse> standby = allowStale ? fromStandby(where, path) : Optional.empty();
            if (standby.isPresent()) {
                return standby.get();
            }
            throw e;
        }
    }

    private Optional<QueryResponse> fromStandby(KeyQueryMetadata where, String path) {
        for (HostInfo standby : where.standbyHosts()) {
            try {
                return Optional.of(forward(standby, path, true));
            } catch (IOException e) {
                LOG.debug("Standby {} unreachable too", standby, e);
            }
        }
        return Optional.empty();
    }

    private QueryResponse forward(HostInfo host, String path, boolean allowStale) throws IOException {
        String url = MetadataService.url(host) + path + (path.contains("?") ? "&" : "?") + "allowStale=" + allowStale;
        HttpResponse<byte[]> response = send(url);
        if (response.statusCode() == 401) {
            LOG.warn("{} refused the API token of this instance: every instance of a deployment needs the same one", MetadataService.url(host));
        }
        String servedBy = response.headers().firstValue(SERVED_BY_HEADER).orElse(MetadataService.url(host));
        Map<String, String> headers = new java.util.HashMap<>();
        response.headers().firstValue("Retry-After").ifPresent(v -> headers.put("Retry-After", v));
        response.headers().firstValue(STALE_HEADER).ifPresent(v -> headers.put(STALE_HEADER, v));
        return new QueryResponse(response.statusCode(), response.body(), servedBy, Map.copyOf(headers));
    }

    private IpPage remotePage(String url, int limit, String after) throws IOException {
        HttpResponse<byte[]> response = send(url + "/api/local/ips?limit=" + limit + (after == null ? "" : "&after=" + encode(after)));
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return Json.MAPPER.readValue(response.body(), IpPage.class);
    }

    private HttpResponse<byte[]> send(String url) throws IOException {
        HttpRequest request = token.authorize(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header(FORWARDED_HEADER, selfUrl)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Waits {@code wait} unless that passes the deadline; false when out of time or interrupted: stop retrying. */
    private static boolean waitForRetry(Duration wait, long deadline) {
        return System.nanoTime() + wait.toNanos() <= deadline && Backoff.sleep(wait);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

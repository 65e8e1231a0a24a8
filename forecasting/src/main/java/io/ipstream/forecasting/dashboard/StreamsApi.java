package io.ipstream.forecasting.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GET requests to the topology's REST API (any instance: it routes to the owner), for the
 * dashboard. Only paths under {@code /api/} of the one configured base URL are ever requested.
 */
public final class StreamsApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What the topology answered. */
    public record Reply(int status, String body) {
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param baseUrl e.g. http://127.0.0.1:8081 */
    public StreamsApi(String baseUrl) {
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--streams-url: '" + baseUrl + "' is not http(s)://HOST:PORT");
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * @param path  under /api/, without "..", e.g. /api/ips/1.2.3.4/stats
     * @param query the raw query string, or null
     * @throws IllegalArgumentException for any other path
     * @throws IOException              when the topology does not answer
     */
    public Reply get(String path, String query) throws IOException, InterruptedException {
        if (!path.startsWith("/api/") || path.contains("..") || path.contains("//") || path.contains("\\")) {
            throw new IllegalArgumentException("not a topology API path: " + path);
        }
        URI uri = URI.create(baseUrl + path + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    public String baseUrl() {
        return baseUrl;
    }
}

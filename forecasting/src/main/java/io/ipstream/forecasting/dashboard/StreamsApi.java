package io.ipstream.forecasting.dashboard;

import io.ipstream.common.ApiToken;
import io.ipstream.common.Secrets;
import io.ipstream.common.Texts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * GET requests to the topology's REST API (any instance: it routes to the owner), for the
 * dashboard. Only the read endpoints the dashboard uses, on the one configured base URL, are ever
 * requested: the IP list and one IP's statistics and windows.
 */
public final class StreamsApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The endpoints passed on; an address is hex digits, dots and colons (IPv4 or IPv6), nothing that could change the path. */
    private static final Pattern ALLOWED = Pattern.compile("/api/ips(/[0-9A-Fa-f.:]{2,45}/(stats|windows))?");
    /** A query string of plain parameters: nothing that could end it or start a fragment. */
    private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9_=&.:%+-]*");

    /** What the topology answered. */
    public record Reply(int status, String body) {
    }

    private final String baseUrl;
    private final ApiToken token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /**
     * @param baseUrl e.g. http://127.0.0.1:8081
     * @param token   sent with every request: the topology's instances check the deployment's token
     */
    public StreamsApi(String baseUrl, ApiToken token) {
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--streams-url: '" + Secrets.redact(baseUrl) + "' is not http(s)://HOST:PORT");
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /**
     * @param path  /api/ips, /api/ips/{ip}/stats or /api/ips/{ip}/windows
     * @param query the raw query string, or null
     * @throws IllegalArgumentException for any other path or an unusual query
     * @throws IOException              when the topology does not answer
     */
    public Reply get(String path, String query) throws IOException, InterruptedException {
        if (!ALLOWED.matcher(path).matches()) {
            throw new IllegalArgumentException("not a topology endpoint the dashboard reads: " + Texts.clip(path));
        }
        if (query != null && !QUERY.matcher(query).matches()) {
            throw new IllegalArgumentException("the query string holds characters the topology's API does not take");
        }
        URI uri = URI.create(baseUrl + path + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpResponse<String> response = http.send(token.authorize(HttpRequest.newBuilder(uri).timeout(TIMEOUT)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    /** The base URL as messages may show it: any user-info masked. */
    public String baseUrl() {
        return Secrets.redact(baseUrl);
    }
}

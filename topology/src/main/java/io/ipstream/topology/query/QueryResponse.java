package io.ipstream.topology.query;

import io.ipstream.common.Json;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/**
 * An answer to a query, as it goes over HTTP: status, JSON body, the instance that served it, and
 * extra headers (Retry-After). A forwarded answer is passed on unchanged.
 */
public record QueryResponse(int status, byte[] body, String servedBy, Map<String, String> headers) {

    public static QueryResponse ok(Object value, String servedBy) {
        return new QueryResponse(200, json(value), servedBy, Map.of());
    }

    public static QueryResponse error(int status, String message, String servedBy) {
        return new QueryResponse(status, json(Map.of("status", status, "error", message)), servedBy, Map.of());
    }

    /** 503 with Retry-After: the answer exists but cannot be given exactly right now. */
    public static QueryResponse unavailable(String message, String servedBy, int retryAfterSeconds) {
        return new QueryResponse(503, json(Map.of("status", 503, "error", message)), servedBy,
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    public QueryResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return new QueryResponse(status, body, servedBy, Map.copyOf(more));
    }

    private static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.ipstream.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.JavalinConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The error body of both HTTP servers, {@code {"status": N, "error": "..."}}, also for the errors
 * Jetty answers itself before a request reaches Javalin: a request line or headers over Jetty's
 * 8 KiB limit (414, 431), a path that climbs out of the root, a bad {@code %} escape or an illegal
 * character (400). Jetty's own pages are HTML, which clients of a JSON API cannot read.
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** Jetty's errors as JSON, on the server and on Javalin's servlet context. */
    public static void bind(JavalinConfig config) {
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
    }

    /** The body of an error answer. */
    public static String body(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of a number and a string is always JSON", e);
        }
    }

    /** Jetty's error handler, writing {@link #body} instead of an HTML page; never a stack trace. */
    private static final class JsonErrorHandler extends ErrorHandler {
        JsonErrorHandler() {
            setShowStacks(false);
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(body(code, Texts.clip(text)).getBytes(StandardCharsets.UTF_8)), callback);
        }
    }
}

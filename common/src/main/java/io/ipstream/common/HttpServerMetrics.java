package io.ipstream.common;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Request counts and latencies of a Javalin server as {@code http_server_requests_seconds}, tagged
 * by method, matched route (e.g. {@code /api/ips/{ip}/stats}, never the raw path, so the number of
 * series stays bounded) and status. Written here because no maintained Javalin 7 Micrometer plugin
 * resolves from Maven Central.
 */
public final class HttpServerMetrics {
    private static final String STARTED = "ipstream.request.started";

    private HttpServerMetrics() {
    }

    public static void bind(JavalinConfig config, MeterRegistry registry) {
        config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        config.routes.after(ctx -> {
            Long started = ctx.attribute(STARTED);
            if (started != null) {
                Timer.builder(MetricNames.HTTP_REQUESTS)
                        .tag("method", ctx.method().name())
                        .tag("route", route(ctx))
                        .tag("status", Integer.toString(ctx.statusCode()))
                        .register(registry)
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        });
    }

    /** The matched route (not this after-handler's own), or a fixed name when none matched (a static file, a 404). */
    private static String route(Context ctx) {
        Endpoint matched;
        try {
            matched = ctx.endpoints().matchedHttpEndpoint();
        } catch (RuntimeException noEndpoint) {
            matched = null;
        }
        if (matched != null) {
            return matched.path;
        }
        return ctx.statusCode() == 404 ? "NOT_FOUND" : "static";
    }
}

package io.ipstream.topology.http;

import io.ipstream.common.ApiToken;
import io.ipstream.common.BearerAuth;
import io.ipstream.common.HttpServerMetrics;
import io.ipstream.common.Json;
import io.ipstream.common.JsonErrors;
import io.ipstream.common.QueryParameters;
import io.ipstream.common.IpPartitioner;
import io.ipstream.topology.TopologyConfig;
import io.ipstream.topology.query.LocalStores;
import io.ipstream.topology.query.MetadataService;
import io.ipstream.topology.query.QueryResponse;
import io.ipstream.topology.query.QueryService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams instance's HTTP API (Javalin). Handlers only translate HTTP to {@link QueryService}
 * calls and its answers back; every error is JSON.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);

    private final Javalin app;
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics;

    private QueryServer(Javalin app, KafkaStreamsMetrics streamsMetrics, JvmGcMetrics gcMetrics) {
        this.app = app;
        this.streamsMetrics = streamsMetrics;
        this.gcMetrics = gcMetrics;
    }

    /**
     * Starts the API of one streams instance on {@code host:port}; {@code advertised} is how the
     * other instances reach it (its {@code application.server}). With a {@code token}, every request
     * but the health checks needs it, and requests forwarded to the other instances carry it: all
     * instances of a deployment share one token.
     */
    public static QueryServer start(String host, int port, HostInfo advertised, KafkaStreams streams, TopologyConfig topology,
                                    Duration retryBound, ApiToken token) {
        QueryService queries = new QueryService(new MetadataService(streams, advertised, new IpPartitioner(topology.partitionMap())),
                new LocalStores(streams, topology.panes()), topology.windows(), retryBound, token);
        return start(host, port, queries, streams, token);
    }

    /** Starts serving {@code queries} on {@code host:port}, to callers with {@code token} when it is enabled. */
    public static QueryServer start(String host, int port, QueryService queries, KafkaStreams streams, ApiToken token) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        Javalin app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.startup.showJavalinBanner = false;
            HttpServerMetrics.bind(config, registry);
            JsonErrors.bind(config);
            BearerAuth.require(config, token, List.of());
            config.routes.get("/api/ips", ctx -> reply(ctx, queries.ips(intParam(ctx, "limit", 100), intParam(ctx, "offset", 0),
                    ctx.queryParam("after"))));
            config.routes.get("/api/local/ips", ctx -> reply(ctx, queries.localIps(intParam(ctx, "limit", 100), ctx.queryParam("after"))));
            config.routes.get("/api/ips/{ip}/stats", ctx -> reply(ctx,
                    queries.stats(ctx.pathParam("ip"), allowStale(ctx), forwarded(ctx))));
            config.routes.get("/api/ips/{ip}/windows", ctx -> reply(ctx, queries.windows(ctx.pathParam("ip"),
                    ctx.queryParam("window"), ctx.queryParam("from"), ctx.queryParam("to"), allowStale(ctx), forwarded(ctx))));
            config.routes.get("/api/instances", ctx -> reply(ctx, queries.instances()));
            config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/health/ready", ctx -> {
                boolean ready = streams.state() == KafkaStreams.State.RUNNING && queries.ready();
                ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "READY" : "NOT_READY", "state", streams.state().name()));
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
            config.routes.exception(BadRequest.class, (e, ctx) -> reply(ctx, QueryResponse.error(400, e.getMessage(), queries.selfUrl())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Request {} failed", ctx.path(), e);
                reply(ctx, QueryResponse.error(500, "internal error: " + e.getClass().getSimpleName(), queries.selfUrl()));
            });
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    reply(ctx, QueryResponse.error(404, "no such endpoint: " + ctx.method() + " " + ctx.path(), queries.selfUrl()));
                }
            });
            config.routes.error(405, ctx -> reply(ctx, QueryResponse.error(405, "method not allowed: " + ctx.method(), queries.selfUrl())));
        }).start();
        LOG.info("HTTP API on http://{}:{} (advertised as {}); bearer-token authentication {}", host, app.port(), queries.selfUrl(),
                token.enabled() ? "on" : "off");
        return new QueryServer(app, streamsMetrics, gcMetrics);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        streamsMetrics.close();
        gcMetrics.close();
    }

    private static void reply(Context ctx, QueryResponse response) {
        ctx.status(response.status());
        ctx.header(QueryService.SERVED_BY_HEADER, response.servedBy());
        response.headers().forEach(ctx::header);
        ctx.contentType("application/json");
        // Written straight out: a result() is copied through a new 32 KB buffer per response, which was
        // most of the query API's garbage and so of its young-GC pauses (the p99 under load).
        try {
            ctx.outputStream().write(response.body());
        } catch (IOException e) {
            // The caller went away; nothing to answer.
            throw new UncheckedIOException(e);
        }
    }

    private static boolean allowStale(Context ctx) {
        return "true".equalsIgnoreCase(ctx.queryParam("allowStale"));
    }

    private static boolean forwarded(Context ctx) {
        return ctx.header(QueryService.FORWARDED_HEADER) != null;
    }

    private static int intParam(Context ctx, String name, int fallback) {
        try {
            return QueryParameters.wholeNumber(name, ctx.queryParam(name), fallback);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** A malformed request parameter. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}

package io.ipstream.forecasting.http;

import io.ipstream.common.Anomaly;
import io.ipstream.common.ApiToken;
import io.ipstream.common.BearerAuth;
import io.ipstream.common.HttpServerMetrics;
import io.ipstream.common.IpAddresses;
import io.ipstream.common.Json;
import io.ipstream.common.JsonErrors;
import io.ipstream.common.QueryParameters;
import io.ipstream.common.TimeRange;
import io.ipstream.forecasting.archive.ArchiveUnavailable;
import io.ipstream.forecasting.dashboard.IpDirectory;
import io.ipstream.forecasting.dashboard.StreamsApi;
import io.ipstream.forecasting.history.HistoryQuery;
import io.ipstream.forecasting.history.HistoryReader;
import io.ipstream.forecasting.service.ForecastingService;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.train.ModelRepository;
import io.javalin.Javalin;
import io.lettuce.core.RedisException;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The forecasting service's HTTP API (Javalin): health, Prometheus metrics, each series' history and forecast. Every error is JSON. */
public final class ForecastingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastingServer.class);
    private static final int RETRY_AFTER_SECONDS = 5;
    private static final int DEFAULT_ANOMALY_LIMIT = 1000;
    private static final int MAX_ANOMALY_LIMIT = 10_000;
    /**
     * The dashboard's static files: open without a token (they hold no data), so the page can load and
     * ask for it; everything it then fetches needs the token.
     */
    private static final List<String> DASHBOARD_FILES = List.of("/", "/index.html", "/dashboard.js", "/dashboard.css", "/webjars/*");

    private final Javalin app;

    private ForecastingServer(Javalin app) {
        this.app = app;
    }

    /**
     * With {@code streamsUrl} (the topology's REST API), also the dashboard at {@code /}, the IP list
     * it pages through, and {@code /api/streams/...} passed on to the topology, so the page talks to
     * one origin. With a {@code token}, every request but the health checks and the dashboard's
     * static files needs it, and the requests to the topology carry it: one token for the deployment.
     */
    public static ForecastingServer start(String host, int port, ForecastingService service, PrometheusMeterRegistry registry,
                                          String streamsUrl, ApiToken token) {
        StreamsApi streams = streamsUrl == null ? null : new StreamsApi(streamsUrl, token);
        IpDirectory directory = streams == null ? null : new IpDirectory(streams, service.anomalies(), Clock.systemUTC());
        Javalin app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.startup.showJavalinBanner = false;
            HttpServerMetrics.bind(config, registry);
            JsonErrors.bind(config);
            BearerAuth.require(config, token, streams == null ? List.of() : DASHBOARD_FILES);
            if (streams != null) {
                config.staticFiles.add("/dashboard", Location.CLASSPATH);
                config.staticFiles.enableWebjars();
                config.routes.get("/api/dashboard/ips", ctx -> ips(ctx, directory, service));
                config.routes.get("/api/streams/<path>", ctx -> passOn(ctx, streams));
            }
            config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/health/ready", ctx -> ready(ctx, service));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
            config.routes.get("/api/ips/{ip}/history", ctx -> history(ctx, service));
            config.routes.get("/api/ips/{ip}/forecast", ctx -> forecast(ctx, service));
            config.routes.get("/api/anomalies", ctx -> anomalies(ctx, service));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            config.routes.exception(ArchiveUnavailable.class, (e, ctx) -> unavailable(ctx, e.getMessage()));
            config.routes.exception(RedisException.class, (e, ctx) -> unavailable(ctx, "Redis at " + service.redisAddress()
                    + " failed: " + e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Request {} failed", ctx.path(), e);
                error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
            });
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
            config.routes.error(405, ctx -> error(ctx, 405, "method not allowed: " + ctx.method()));
        }).start();
        LOG.info("Forecasting HTTP API on http://{}:{}; bearer-token authentication {}", host, app.port(), token.enabled() ? "on" : "off");
        return new ForecastingServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void ready(Context ctx, ForecastingService service) {
        boolean redis = service.redisConnected();
        boolean database = service.databaseReady();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", redis && database ? "READY" : "NOT_READY");
        body.put("redis", Map.of("address", service.redisAddress(), "up", redis));
        body.put("postgresql", Map.of("address", service.databaseAddress(), "up", database));
        ctx.status(redis && database ? 200 : 503).json(body);
    }

    /** {@code GET /api/dashboard/ips?q=&sort=&order=asc|desc&limit=&offset=}: the IP list with anomaly counts, sorted and paged. */
    private static void ips(Context ctx, IpDirectory directory, ForecastingService service) throws IOException, InterruptedException {
        String order = ctx.queryParamAsClass("order", String.class).getOrDefault("desc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new IllegalArgumentException("order must be asc or desc");
        }
        if (!service.schemaMigrated()) {
            unavailable(ctx, "PostgreSQL at " + service.databaseAddress() + " is not migrated yet");
            return;
        }
        try {
            ctx.json(directory.page(ctx.queryParam("q"), ctx.queryParam("sort"), order.equals("desc"),
                    number(ctx, "limit", 50), number(ctx, "offset", 0)));
        } catch (IOException e) {
            unavailable(ctx, "the topology's API does not answer: " + e.getMessage());
        }
    }

    /** {@code GET /api/streams/api/...}: the topology's answer, status and body unchanged; 503 when it does not answer. */
    private static void passOn(Context ctx, StreamsApi streams) throws InterruptedException {
        try {
            StreamsApi.Reply reply = streams.get("/" + ctx.pathParam("path"), ctx.queryString());
            ctx.status(reply.status()).contentType("application/json").result(reply.body());
        } catch (IOException e) {
            unavailable(ctx, "the topology's API at " + streams.baseUrl() + " does not answer: " + e.getMessage());
        }
    }

    private static int number(Context ctx, String name, int fallback) {
        return QueryParameters.wholeNumber(name, ctx.queryParam(name), fallback);
    }

    /** {@code GET /api/ips/{ip}/history?metric=&from=&to=}: the series from PostgreSQL and Redis, one point per timestamp. */
    private static void history(Context ctx, ForecastingService service) {
        HistoryQuery query = HistoryQuery.parse(ctx.pathParam("ip"), ctx.queryParam("metric"), ctx.queryParam("from"), ctx.queryParam("to"));
        Optional<HistoryReader> reader = service.history();
        if (reader.isEmpty()) {
            unavailable(ctx, "Redis at " + service.redisAddress() + " is not connected yet");
            return;
        }
        List<Point> points = reader.get().read(query.series(), query.range().from().toEpochMilli(), query.range().to().toEpochMilli());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("src_ip", query.series().srcIp());
        body.put("metric", query.series().metric().wireName());
        body.put("points", points.stream().map(p -> new HistoryPoint(Instant.ofEpochMilli(p.timestampMillis()), p.value())).toList());
        ctx.json(body);
    }

    /** {@code GET /api/ips/{ip}/forecast?metric=}: the stored forecasts of the series' last training, 404 before any. */
    private static void forecast(Context ctx, ForecastingService service) {
        SeriesKey series = HistoryQuery.series(ctx.pathParam("ip"), ctx.queryParam("metric"));
        if (!service.schemaMigrated()) {
            unavailable(ctx, "PostgreSQL at " + service.databaseAddress() + " is not migrated yet");
            return;
        }
        List<ModelRepository.StoredForecast> forecasts = service.models().forecasts(series);
        if (forecasts.isEmpty()) {
            error(ctx, 404, "no forecast of " + series.metric().wireName() + " for " + series.srcIp() + " yet");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("src_ip", series.srcIp());
        body.put("metric", series.metric().wireName());
        body.put("model", forecasts.get(0).model());
        body.put("trained_at", forecasts.get(0).trainedAt());
        body.put("forecasts", forecasts.stream().map(f -> new ForecastStep(f.ts(), f.yhat(), f.lower(), f.upper())).toList());
        ctx.json(body);
    }

    /**
     * {@code GET /api/anomalies?ip=&metric=&from=&to=&source=&limit=}: stored anomalies in a bounded
     * range, oldest first; ip, metric and source optional.
     */
    private static void anomalies(Context ctx, ForecastingService service) {
        TimeRange range = TimeRange.parse(ctx.queryParam("from"), ctx.queryParam("to"));
        String ip = ctx.queryParam("ip") == null ? null : IpAddresses.parseParameter(ctx.queryParam("ip"));
        String metric = ctx.queryParam("metric") == null ? null : HistoryQuery.metric(ctx.queryParam("metric")).wireName();
        String source = ctx.queryParam("source");
        if (source != null && !source.equals(Anomaly.STREAMING) && !source.equals(Anomaly.FORECAST)) {
            throw new IllegalArgumentException("source must be " + Anomaly.STREAMING + " or " + Anomaly.FORECAST);
        }
        int limit = limit(ctx.queryParam("limit"));
        if (!service.schemaMigrated()) {
            unavailable(ctx, "PostgreSQL at " + service.databaseAddress() + " is not migrated yet");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("anomalies", service.anomalies().find(ip, metric, source, range.from(), range.to(), limit));
        ctx.json(body);
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_ANOMALY_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_ANOMALY_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("limit must be a whole number 1-" + MAX_ANOMALY_LIMIT);
    }

    /** One forecast step as the API shows it. */
    record ForecastStep(Instant ts, double yhat, double lower, double upper) {
    }

    /** One point as the API shows it: its instant, then its value. */
    record HistoryPoint(Instant ts, double value) {
    }

    private static void unavailable(Context ctx, String message) {
        ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        error(ctx, 503, message);
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(JsonErrors.body(status, message));
    }
}

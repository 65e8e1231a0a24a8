package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BearerAuthTest {
    private static final List<String> DASHBOARD = List.of("/", "/index.html", "/dashboard.js", "/webjars/*");

    @Test
    void shouldOpenOnlyTheHealthChecksAndTheNamedFiles() {
        for (String open : List.of("/health/live", "/health/ready", "/", "/index.html", "/dashboard.js", "/webjars/uplot/1.6.30/dist/uPlot.min.css")) {
            assertThat(BearerAuth.isPublic(open, DASHBOARD)).as(open).isTrue();
        }
        for (String closed : List.of("/metrics", "/api/ips", "/health", "/health/live/", "/HEALTH/live", "/webjars/", "/webjars", "/index.html/x",
                "/dashboard.jsx", "/api/streams/api/ips")) {
            assertThat(BearerAuth.isPublic(closed, DASHBOARD)).as(closed).isFalse();
        }
    }

    @Test
    void shouldNeverOpenAPathThatClimbsOutOfAnOpenOneOrHidesWhatItIs() {
        for (String path : List.of("/webjars/../metrics", "/webjars/%2e%2e/metrics", "/webjars/..%2Fmetrics", "/webjars//metrics",
                "/webjars/./x", "/webjars/.hidden", "/health/live/../../metrics", "/webjars/a;b", "/webjars/a\\..\\b")) {
            assertThat(BearerAuth.isPublic(path, DASHBOARD)).as(path).isFalse();
        }
    }

    @Test
    void shouldOpenNothingButHealthWhenNoFilesAreNamed() {
        assertThat(BearerAuth.isPublic("/", List.of())).isFalse();
        assertThat(BearerAuth.isPublic("/health/ready", List.of())).isTrue();
    }

    @Test
    void shouldJudgeEveryRequestOnAKeepAliveConnectionByItsOwnHeaderExactly() throws Exception {
        // given: a server with a token, and one client whose requests share a connection
        String secret = UUID.randomUUID().toString();
        Javalin app = Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            BearerAuth.require(config, ApiToken.of(secret, "test"), List.of());
            config.routes.get("/api/ips", ctx -> ctx.result("{}"));
            config.routes.get("/health/live", ctx -> ctx.result("{}"));
        }).start();
        HttpClient client = HttpClient.newHttpClient();
        try {
            // when: the right token, then the same in capitals (Jetty's header cache ignores case unless told not to)
            HttpResponse<String> right = get(client, app.port(), "/api/ips", "Bearer " + secret);
            HttpResponse<String> capitals = get(client, app.port(), "/api/ips", "Bearer " + secret.toUpperCase());
            HttpResponse<String> none = get(client, app.port(), "/api/ips", null);
            HttpResponse<String> health = get(client, app.port(), "/health/live", null);

            // then
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(capitals.statusCode()).isEqualTo(401);
            assertThat(capitals.body()).isEqualTo("{\"status\":401,\"error\":\"the bearer token is not this API's\"}");
            assertThat(capitals.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            app.stop();
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        return client.send((authorization == null ? request : request.header("Authorization", authorization)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

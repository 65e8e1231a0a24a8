package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {
    @Test
    void shouldAnswerWhatJettyRefusesItselfAsJson() throws Exception {
        // given: a server whose routes never see these requests
        Javalin app = Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            JsonErrors.bind(config);
            config.routes.get("/api/ips", ctx -> ctx.result("{}"));
        }).start();
        try {
            Map<String, Integer> refused = Map.of("/../../etc/passwd", 400, "/api/ips/%ZZ", 400, "/api/ips/a\\b", 400,
                    "/api/ips?x=" + "1".repeat(10_240), 414);
            for (Map.Entry<String, Integer> request : refused.entrySet()) {
                // when
                String answer = rawGet(app.port(), request.getKey(), "");

                // then: the status, and a JSON body rather than Jetty's HTML page
                String what = request.getKey().substring(0, Math.min(40, request.getKey().length()));
                assertThat(answer).as(what).startsWith("HTTP/1.1 " + request.getValue() + " ").containsIgnoringCase("content-type: application/json");
                JsonNode body = Json.MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertThat(body.get("status").asInt()).as(what).isEqualTo(request.getValue());
                assertThat(body.get("error").asText()).as(what).isNotBlank();
            }
            // and: headers over Jetty's 8 KiB
            assertThat(rawGet(app.port(), "/api/ips", "X-Padding: " + "1".repeat(10_240) + "\r\n"))
                    .startsWith("HTTP/1.1 431 ").contains("{\"status\":431,\"error\":");
        } finally {
            app.stop();
        }
    }

    private static String rawGet(int port, String target, String extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

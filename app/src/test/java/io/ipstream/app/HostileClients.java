package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipstream.common.Json;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** What hostile-HTTP tests share: a burst of clients let go at once, and the check that an error answer is a JSON error. */
final class HostileClients {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private HostileClients() {
    }

    /**
     * Sends every request at once, each from a thread and (HTTP/1.1) a connection of its own, and
     * returns the answers in the requests' order.
     */
    static List<HttpResponse<String>> fire(List<HttpRequest> requests) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<HttpResponse<String>>> pending = new ArrayList<>();
            for (HttpRequest request : requests) {
                pending.add(clients.submit(() -> {
                    gate.await();
                    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            gate.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : pending) {
                answers.add(answer.get(2, TimeUnit.MINUTES));
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    /** Each answer is a success, a client error or a 503 (never a 5xx of the server's own), every error as JSON. */
    static void assertServedOrRefused(List<String> requests, List<HttpResponse<String>> answers) {
        for (int i = 0; i < answers.size(); i++) {
            int status = answers.get(i).statusCode();
            assertThat(status >= 200 && status < 300 || status >= 400 && status < 500 || status == 503)
                    .as(requests.get(i) + " -> " + status + " " + answers.get(i).body()).isTrue();
            if (status >= 400) {
                assertJsonError(status, answers.get(i).body(), requests.get(i));
            }
        }
    }

    /** The body is {@code {"status": status, "error": "..."}}. */
    static void assertJsonError(int status, String body, String what) {
        JsonNode error;
        try {
            error = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(what + ": not JSON: " + body, e);
        }
        assertThat(error.path("status").asInt()).as(what + " -> " + body).isEqualTo(status);
        assertThat(error.path("error").asText()).as(what + " -> " + body).isNotBlank();
    }
}

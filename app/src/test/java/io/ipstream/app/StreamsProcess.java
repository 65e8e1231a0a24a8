package io.ipstream.app;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ipstream.common.Json;
import io.ipstream.topology.query.InstanceInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An {@code ipstream streams} instance in its own JVM, from the packaged jar, so it can be killed for real. */
final class StreamsProcess implements AutoCloseable {
    private static final Path APPLICATION_JAR = Path.of("target", "ipstream.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final String url;

    private StreamsProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static StreamsProcess start(String bootstrapServers, String applicationId, Path stateDir, int httpPort, Path log,
                                String... extraArgs) throws IOException {
        return start(List.of("-Xmx384m"), bootstrapServers, applicationId, stateDir, httpPort, log, extraArgs);
    }

    /** As {@link #start(String, String, Path, int, Path, String...)}, with the JVM's options ({@code -Xmx...}) given. */
    static StreamsProcess start(List<String> jvmOptions, String bootstrapServers, String applicationId, Path stateDir, int httpPort,
                                Path log, String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", APPLICATION_JAR.toString(), "streams", "--bootstrap-servers", bootstrapServers,
                "--application-id", applicationId, "--state-dir", stateDir.toString(), "--http-port", Integer.toString(httpPort)));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new StreamsProcess(process, "http://127.0.0.1:" + httpPort);
    }

    /**
     * Writes Kafka Streams properties for tests that kill instances: a dead member leaves the group
     * after 8 s instead of the 45 s default session timeout, so failovers and restarts take seconds.
     */
    static Path fastFailoverConfig(Path file) throws IOException {
        return Files.writeString(file, "session.timeout.ms=8000\nheartbeat.interval.ms=1000\n");
    }

    String url() {
        return url;
    }

    /** GET on this instance; a connection failure is reported as status -1. */
    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    int status(String path) {
        HttpResponse<String> response = get(path);
        return response == null ? -1 : response.statusCode();
    }

    /** The group's instances as this one sees them ({@code GET /api/instances}); none while it cannot answer. */
    List<InstanceInfo> instances() {
        HttpResponse<String> response = get("/api/instances");
        if (response == null || response.statusCode() != 200) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(response.body(), new TypeReference<List<InstanceInfo>>() { });
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** False once the JVM has exited, as {@code ipstream streams} does when its instance stops (ERROR included). */
    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no clean shutdown, no leaving the group, no flushed state; it also ends a suspended JVM. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /**
     * SIGSTOP: every thread of the JVM freezes where it is, the consumer's heartbeat thread included,
     * as in a long GC pause or a stalled VM; its connections stay open and it keeps believing it owns its tasks.
     */
    void suspend() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: a suspended JVM carries on from where it was frozen, unaware of the time that passed. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        // The JDK can only terminate a process; kill(1) sends the others.
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

package io.ipstream.app.bench;

import io.ipstream.app.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * {@code ipstream streams} in a JVM of its own, from this application's jar, so that its heap can
 * be limited and its memory measured apart from the broker and the benchmark's data, which share
 * the benchmark's JVM.
 */
final class ChildStreams implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final URI ready;

    private ChildStreams(Process process, URI ready) {
        this.process = process;
        this.ready = ready;
    }

    /** Starts the topology with its shipped defaults; {@code heap} is a -Xmx value, or null for the JVM's default. */
    static ChildStreams start(String bootstrap, String applicationId, Path work, String heap) throws IOException {
        int port = FreePorts.pick("127.0.0.1", 1)[0];
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        command.addAll(List.of("-jar", applicationJar().toString(), "streams", "--bootstrap-servers", bootstrap,
                "--application-id", applicationId, "--state-dir", work.resolve(applicationId).toString(),
                "--http-port", Integer.toString(port)));
        Path log = Files.createDirectories(work.resolve("logs")).resolve(applicationId + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildStreams(process, URI.create("http://127.0.0.1:" + port + "/health/ready"));
    }

    /** Waits until the instance reports ready (RUNNING, stores queryable). */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the streams process exited with code " + process.exitValue() + " before it was ready");
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                TimeUnit.MILLISECONDS.sleep(50);
                continue;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("the streams process was not ready within " + timeout.toSeconds() + " s");
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The process's peak resident set size so far (Linux VmHWM). */
    OptionalLong peakResidentMegabytes() {
        return PeakMemory.residentMegabytes(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static Path applicationJar() {
        try {
            return Path.of(ChildStreams.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the application jar", e);
        }
    }
}

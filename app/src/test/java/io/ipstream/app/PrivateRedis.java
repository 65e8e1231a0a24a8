package io.ipstream.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of one test's own, on a free port with its own directory, so the test can
 * kill and restart it without touching the machine's shared Redis. It persists as the README asks of
 * production: {@code appendonly yes} with {@code appendfsync always}, so every write Redis
 * acknowledged is on disk before the reply and survives a SIGKILL; no RDB snapshots.
 */
final class PrivateRedis implements AutoCloseable {
    private static final Path SERVER = Path.of(System.getenv().getOrDefault("IPSTREAM_TEST_REDIS_SERVER", "/usr/bin/redis-server"));
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private Process process;

    private PrivateRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server on a free port with its data in {@code dir}; returns once it answers PING. */
    static PrivateRedis start(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        PrivateRedis redis = new PrivateRedis(dir, FreePorts.pick(HOST, 1)[0]);
        redis.restart();
        return redis;
    }

    String uri() {
        return "redis://" + HOST + ":" + port;
    }

    /** SIGKILL: no shutdown, no last flush; only what the append-only file already holds survives. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Starts the server again on the same port and directory (it reloads the append-only file); returns once it answers PING. */
    void restart() {
        List<String> command = List.of(SERVER.toString(), "--port", Integer.toString(port), "--bind", HOST, "--dir", dir.toString(),
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no", "--logfile", "redis.log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + SERVER, e);
        }
        awaitPong();
    }

    /** PING until PONG: while the server loads its append-only file it answers LOADING instead. */
    private void awaitPong() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue() + "; see " + dir);
            }
            if (answersPing()) {
                return;
            }
            sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + STARTUP + "; see " + dir);
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1_000);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}

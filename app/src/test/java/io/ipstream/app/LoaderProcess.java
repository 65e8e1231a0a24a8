package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.Json;
import io.ipstream.loader.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code ipstream load} run in its own JVM, from the packaged jar, so it can be killed for real or
 * live through a broker outage with its own producer, and its exit code and output can be checked.
 */
final class LoaderProcess {
    private static final Path APPLICATION_JAR = Path.of("target", "ipstream.jar");

    private final Process process;
    private final Path log;

    private LoaderProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code ipstream load args...}; standard output and error both go to {@code log}. */
    static LoaderProcess start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", APPLICATION_JAR.toString(), "load"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new LoaderProcess(process, log);
    }

    /** How many records the broker had acknowledged at the checkpoint's last save (0 before the first). */
    static long acknowledged(Path checkpoint) throws IOException {
        if (!Files.exists(checkpoint)) {
            return 0;
        }
        return Json.MAPPER.readValue(checkpoint.toFile(), Checkpoint.State.class).records();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no flush, no last checkpoint save. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The exit code; fails if the run has not ended within {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("loader ended within " + timeout + ":\n" + output()).isTrue();
        return process.exitValue();
    }

    /** What it printed so far, standard output and error interleaved. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

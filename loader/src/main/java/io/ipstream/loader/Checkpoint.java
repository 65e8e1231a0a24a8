package io.ipstream.loader;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.ipstream.common.ConfigError;
import io.ipstream.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The loader's place in its input, kept in a file: the marker (line number or file name) up to
 * which the broker has acknowledged every record. A re-run resumes after it; records sent after the
 * last save are sent again, and the topology's dedupe on (src_ip, timestamp) counts them once.
 * The file is replaced atomically, so a crash leaves the previous or the new state, never half.
 */
public final class Checkpoint {
    /** The file's content. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record State(String source, String acknowledgedThrough, long records, Instant updated) {
    }

    private final Path file;
    private final String source;
    private final Deque<Pending> inFlight = new ArrayDeque<>();
    private String acknowledgedThrough;
    private long acknowledged;
    private String saved;

    private static final class Pending {
        final String marker;
        boolean done;

        Pending(String marker) {
            this.marker = marker;
        }
    }

    private Checkpoint(Path file, String source, State previous) {
        this.file = file;
        this.source = source;
        this.acknowledgedThrough = previous == null ? null : previous.acknowledgedThrough();
        this.acknowledged = previous == null ? 0 : previous.records();
        this.saved = acknowledgedThrough;
    }

    /** Opens (or starts) the checkpoint of {@code source}; one belonging to another input is an error. */
    public static Checkpoint open(Path file, String source) {
        State previous = read(file);
        if (previous != null && !previous.source().equals(source)) {
            throw new ConfigError("checkpoint " + file + " belongs to " + previous.source() + ", not " + source
                    + "; use another --checkpoint file or delete this one to start over");
        }
        return new Checkpoint(file, source, previous);
    }

    private static State read(Path file) {
        try {
            return Json.MAPPER.readValue(Files.readAllBytes(file), State.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new ConfigError("checkpoint " + file + " is unreadable (" + e.getMessage().lines().findFirst().orElse("")
                    + "); delete it to start over");
        }
    }

    /** Where to resume: the marker after which records have not all been acknowledged; null from the start. */
    public String resumeAfter() {
        return saved;
    }

    /** Registers a record about to be sent; returns the callback for its acknowledgement. */
    public Runnable track(String marker) {
        Pending pending = new Pending(marker);
        synchronized (this) {
            inFlight.addLast(pending);
        }
        return () -> acknowledge(pending);
    }

    private synchronized void acknowledge(Pending pending) {
        pending.done = true;
        while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
            acknowledgedThrough = inFlight.removeFirst().marker;
            acknowledged++;
        }
    }

    /** Writes the acknowledged position if it moved since the last save. */
    public void save() {
        State state;
        synchronized (this) {
            if (acknowledgedThrough == null || acknowledgedThrough.equals(saved)) {
                return;
            }
            state = new State(source, acknowledgedThrough, acknowledged, Instant.now());
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.write(temporary, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            saved = state.acknowledgedThrough();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }
}

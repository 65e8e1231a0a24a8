package io.ipstream.loader;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.ipstream.common.ConfigError;
import io.ipstream.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/**
 * The loader's place in its input, kept in a file: the marker (line number or file name) up to
 * which the broker has acknowledged every record. A re-run resumes after it; records sent after the
 * last save are sent again, and the topology's dedupe on (src_ip, timestamp) counts them once.
 * The file is replaced atomically, so a crash leaves the previous or the new state, never half.
 */
public final class Checkpoint {
    /** The file's content. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record State(String source, String fingerprint, String acknowledgedThrough, long records, Instant updated) {
    }

    private final Path file;
    private final String source;
    private final String fingerprint;
    private static final int FINGERPRINT_BYTES = 4096;

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

    private Checkpoint(Path file, String source, String fingerprint, State previous) {
        this.file = file;
        this.source = source;
        this.fingerprint = fingerprint;
        this.acknowledgedThrough = previous == null ? null : previous.acknowledgedThrough();
        this.acknowledged = previous == null ? 0 : previous.records();
        this.saved = acknowledgedThrough;
    }

    /**
     * Opens (or starts) the checkpoint of {@code source}. One belonging to another input, or to a file
     * whose beginning has changed since ({@code fingerprint}; null when there is none, as for a
     * directory or stdin), is an error: resuming would skip records that were never sent.
     */
    public static Checkpoint open(Path file, String source, String fingerprint) {
        State previous = read(file);
        if (previous != null && !previous.source().equals(source)) {
            throw new ConfigError("checkpoint " + file + " belongs to " + previous.source() + ", not " + source
                    + "; use another --checkpoint file or delete this one to start over");
        }
        if (previous != null && fingerprint != null && !fingerprint.equals(previous.fingerprint())) {
            throw new ConfigError("checkpoint " + file + ": " + source + " has changed since it was written (its first "
                    + FINGERPRINT_BYTES + " bytes differ); delete the checkpoint to start over");
        }
        return new Checkpoint(file, source, fingerprint, previous);
    }

    /** A digest of the first bytes of a file: a file replaced under the same name is noticed, one appended to is not. */
    public static String fingerprint(Path input) {
        try (InputStream in = Files.newInputStream(input)) {
            byte[] head = in.readNBytes(FINGERPRINT_BYTES);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(head));
        } catch (IOException e) {
            throw new ConfigError(input + ": cannot read (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
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
            state = new State(source, fingerprint, acknowledgedThrough, acknowledged, Instant.now());
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state)));
                channel.force(true); // on disk before the rename, so a power cut leaves the old file or the new one
            } catch (IOException e) {
                Files.deleteIfExists(temporary);
                throw e;
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            saved = state.acknowledgedThrough();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }
}

package io.ipstream.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch directories of the self-contained commands (demo, bench), under ipstream-data/ rather
 * than /tmp, which the OS may clean while they run (Kafka Streams warns about that).
 */
final class WorkDirectory {
    private WorkDirectory() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(ProjectFiles.resolve(Path.of("ipstream-data"))), prefix);
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}

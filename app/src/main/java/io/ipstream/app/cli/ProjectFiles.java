package io.ipstream.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a relative path against the working directory, or, when nothing is there, against the
 * project directory that the {@code ./ipstream} script exports as IPSTREAM_HOME: so the
 * repository's files (example_files/, data/logs.csv) are found from any working directory.
 */
final class ProjectFiles {
    private ProjectFiles() {
    }

    static Path resolve(Path path) {
        Path local = path.toAbsolutePath();
        String home = System.getenv("IPSTREAM_HOME");
        if (path.isAbsolute() || Files.exists(local) || home == null) {
            return local;
        }
        return Path.of(home).resolve(path);
    }
}

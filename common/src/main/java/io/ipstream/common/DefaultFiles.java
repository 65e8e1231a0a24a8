package io.ipstream.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens a configuration file given by the user, or the copy of the repository's default that is
 * packaged in the jar (so the application runs from any directory).
 */
public final class DefaultFiles {
    public static final String TOPICS_YAML = "topics.yaml";
    public static final String PARTITION_MAP_CSV = "ip-partition-map.csv";

    private DefaultFiles() {
    }

    /** A reader of {@code path}, or of the packaged default named {@code defaultName} when path is null. */
    public static Reader open(Path path, String defaultName) {
        if (path == null) {
            InputStream packaged = DefaultFiles.class.getResourceAsStream("/io/ipstream/defaults/" + defaultName);
            if (packaged == null) {
                throw new IllegalStateException("the packaged default " + defaultName + " is missing from the jar");
            }
            return new InputStreamReader(packaged, StandardCharsets.UTF_8);
        }
        try {
            return Files.newBufferedReader(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigError(path + ": no such file");
        } catch (IOException e) {
            throw new ConfigError(path + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public static String describe(Path path, String defaultName) {
        return path == null ? defaultName + " (packaged default)" : path.toString();
    }

    /** The whole text of {@code path}, or of the packaged default when path is null. */
    static String read(Path path, String defaultName) {
        try (Reader in = open(path, defaultName)) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        } catch (IOException e) {
            throw new ConfigError(describe(path, defaultName) + ": cannot read (" + e.getMessage() + ")");
        }
    }
}

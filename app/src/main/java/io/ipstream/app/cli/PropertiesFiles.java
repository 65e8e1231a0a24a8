package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Kafka client properties files passed through by the user (TLS, SASL, tuning). */
final class PropertiesFiles {
    private PropertiesFiles() {
    }

    /** The file's properties, or none when {@code file} is null; {@code option} names it in errors. */
    static Map<String, Object> read(Path file, String option) {
        Map<String, Object> values = new HashMap<>();
        if (file == null) {
            return values;
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigError(option + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        props.forEach((key, value) -> values.put(key.toString(), value));
        return values;
    }
}

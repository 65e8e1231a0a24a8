package io.ipstream.app.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Kafka producer properties passed through by the user. */
public final class ProducerConfigOption {
    @Option(names = "--producer-config", paramLabel = "FILE", defaultValue = "${env:IPSTREAM_PRODUCER_CONFIG}",
            description = "Kafka producer properties, e.g. for TLS or SASL (env IPSTREAM_PRODUCER_CONFIG).")
    Path file;

    Map<String, Object> load() {
        return PropertiesFiles.read(file, "--producer-config");
    }
}

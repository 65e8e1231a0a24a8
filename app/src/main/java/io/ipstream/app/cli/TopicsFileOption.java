package io.ipstream.app.cli;

import io.ipstream.common.TopicsConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The topics to create when missing. */
public final class TopicsFileOption {
    @Option(names = "--topics-file", paramLabel = "FILE", defaultValue = "${env:IPSTREAM_TOPICS_FILE}",
            description = "Topic definitions, created when missing (env IPSTREAM_TOPICS_FILE; default: the packaged topics.yaml).")
    Path file;

    TopicsConfig load() {
        return TopicsConfig.load(file);
    }
}

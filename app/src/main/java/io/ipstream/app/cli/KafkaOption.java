package io.ipstream.app.cli;

import picocli.CommandLine.Option;

/** The Kafka cluster to talk to. */
public final class KafkaOption {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:IPSTREAM_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env IPSTREAM_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;
}

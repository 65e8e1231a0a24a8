package io.ipstream.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: only dispatches to subcommands. */
@Command(name = "ipstream", mixinStandardHelpOptions = true, version = "ipstream 0.1.0",
        description = "Per-source-IP network analytics on Kafka Streams.",
        subcommands = {KafkaCommand.class, StreamsCommand.class, LoadCommand.class, GenerateCommand.class, DemoCommand.class, BenchCommand.class},
        footer = {"", "Configuration: flags first, then environment variables (named in each option), then defaults.",
                "Logging: IPSTREAM_LOG_LEVEL=DEBUG|INFO|WARN (default INFO), written to standard error."})
public final class IpstreamCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

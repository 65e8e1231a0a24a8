package io.ipstream.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: only dispatches to subcommands. */
@Command(name = "ipstream", mixinStandardHelpOptions = true, version = "ipstream 0.1.0",
        description = "Per-source-IP network analytics on Kafka Streams.",
        subcommands = {KafkaCommand.class, StreamsCommand.class, LoadCommand.class, GenerateCommand.class, ForecastingCommand.class, ArchiveCommand.class, TrainCommand.class, BacktestCommand.class, BacktestAnomaliesCommand.class,
                DemoCommand.class, BenchCommand.class},
        footer = {"", "Configuration: flags first, then environment variables (named in each option), then defaults.",
                "Logging: IPSTREAM_LOG_LEVEL=DEBUG|INFO|WARN (default INFO), written to standard error."})
public final class IpstreamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a command there is nothing to do: show what there is, and fail like any bad usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.EXIT_USAGE;
    }
}

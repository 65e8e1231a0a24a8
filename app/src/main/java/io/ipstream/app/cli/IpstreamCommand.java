package io.ipstream.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: only dispatches to subcommands. */
@Command(name = "ipstream", mixinStandardHelpOptions = true, version = "ipstream 0.1.0",
        description = "Per-source-IP network analytics on Kafka Streams.",
        subcommands = {KafkaCommand.class, StreamsCommand.class, LoadCommand.class, GenerateCommand.class, ForecastingCommand.class, ArchiveCommand.class, TrainCommand.class, BacktestCommand.class, BacktestAnomaliesCommand.class,
                DemoCommand.class, BenchCommand.class},
        footer = {"", "Configuration: flags first, then environment variables (named in each option), then defaults.",
                "Logging: IPSTREAM_LOG_LEVEL=DEBUG|INFO|WARN (default INFO), written to standard error, as text or JSON lines",
                "(--log-format json or IPSTREAM_LOG_FORMAT=json)."})
public final class IpstreamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Applied before parsing (logging starts first, see LogFormat); declared here so every command accepts and documents it. */
    @Option(names = "--log-format", paramLabel = "text|json", scope = ScopeType.INHERIT,
            defaultValue = "${env:IPSTREAM_LOG_FORMAT:-text}",
            description = "Logs as text or as one JSON object per line, on standard error (env IPSTREAM_LOG_FORMAT; default ${DEFAULT-VALUE}).")
    void logFormat(String format) {
        if (!format.equals("text") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--log-format: '" + format + "' is not text or json");
        }
    }

    /** Without a command there is nothing to do: show what there is, and fail like any bad usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.EXIT_USAGE;
    }
}

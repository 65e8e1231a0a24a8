package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import java.io.PrintWriter;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Builds the command line with one error policy: a one-line message and an exit code, never a stack trace. */
public final class Cli {
    /** Exit code for a bad argument, file or configuration. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a failure while running (broker unreachable, processing failed). */
    public static final int EXIT_FAILURE = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private Cli() {
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new IpstreamCommand());
        commandLine.setParameterExceptionHandler(Cli::onBadArguments);
        commandLine.setExecutionExceptionHandler(Cli::onFailure);
        return commandLine;
    }

    private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String message = e.getMessage().startsWith("Error: ") ? e.getMessage().substring("Error: ".length()) : e.getMessage();
        err.println("ipstream: " + message);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return EXIT_USAGE;
    }

    private static int onFailure(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        LOG.debug("Command failed", e);
        if (e instanceof ConfigError) {
            err.println("ipstream: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        String message = e instanceof KafkaException || e instanceof IllegalStateException
                ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        err.println("ipstream: " + message + " (set IPSTREAM_LOG_LEVEL=DEBUG for details)");
        err.flush();
        return EXIT_FAILURE;
    }
}

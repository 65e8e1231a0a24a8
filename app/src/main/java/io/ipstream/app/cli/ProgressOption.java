package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import io.ipstream.loader.Progress;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * How a long send shows its progress on standard error. Java cannot tell whether standard error is
 * a terminal: {@code auto} goes by the JVM's console (standard input and output), and the other
 * modes override it, e.g. {@code lines} when only standard output is redirected.
 */
public final class ProgressOption {
    @Option(names = "--progress", paramLabel = "auto|bar|lines|none", defaultValue = "auto",
            description = "Progress on standard error: bar (redrawn in place, records/s and ETA), lines (one every 5 s) or none; "
                    + "auto: bar when run from a terminal (standard input and output), else lines (default ${DEFAULT-VALUE}).")
    String mode;

    Progress progress(PrintWriter err) {
        return new Progress(err, switch (mode) {
            case "auto" -> System.console() != null ? Progress.Mode.BAR : Progress.Mode.LINES;
            case "bar" -> Progress.Mode.BAR;
            case "lines" -> Progress.Mode.LINES;
            case "none" -> Progress.Mode.NONE;
            default -> throw new ConfigError("--progress: '" + mode + "' is not auto, bar, lines or none");
        });
    }
}

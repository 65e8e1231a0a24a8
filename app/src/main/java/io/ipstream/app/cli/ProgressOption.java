package io.ipstream.app.cli;

import io.ipstream.loader.Progress;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How a long send shows its progress on standard error. Java cannot tell whether standard error is
 * a terminal: {@code auto} goes by the JVM's console (standard input and output), and the other
 * modes override it, e.g. {@code lines} when only standard output is redirected.
 */
public final class ProgressOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Null for auto, decided when the progress starts. */
    private Progress.Mode mode;

    @Option(names = "--progress", paramLabel = "auto|bar|lines|none", defaultValue = "auto",
            description = "Progress on standard error (load; generate only with --bootstrap-servers): bar (redrawn in place, records/s and ETA), "
                    + "lines (one every 5 s) or none; "
                    + "auto: bar when run from a terminal (standard input and output), else lines (default ${DEFAULT-VALUE}).")
    void mode(String value) {
        // Checked while the arguments are parsed, so a wrong value stops the command before it opens anything.
        mode = switch (value) {
            case "auto" -> null;
            case "bar" -> Progress.Mode.BAR;
            case "lines" -> Progress.Mode.LINES;
            case "none" -> Progress.Mode.NONE;
            default -> throw new ParameterException(spec.commandLine(), "--progress: '" + value + "' is not auto, bar, lines or none");
        };
    }

    Progress progress(PrintWriter err) {
        Progress.Mode chosen = mode != null ? mode : System.console() != null ? Progress.Mode.BAR : Progress.Mode.LINES;
        return new Progress(err, chosen);
    }
}

package io.ipstream.app;

import io.ipstream.app.cli.Cli;

/** The {@code ipstream} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LogFormat.apply(args, System.getenv());
        System.exit(Cli.commandLine().execute(args));
    }
}

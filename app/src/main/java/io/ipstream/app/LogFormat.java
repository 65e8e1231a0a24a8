package io.ipstream.app;

import java.util.Map;

/**
 * Chooses text or JSON logs before anything logs: logging starts with the first logger, long before
 * picocli has parsed the command line, so {@code --log-format} (documented on the top-level command)
 * and {@code IPSTREAM_LOG_FORMAT} are read here from the raw arguments.
 */
final class LogFormat {
    static final String OPTION = "--log-format";
    static final String ENV = "IPSTREAM_LOG_FORMAT";
    private static final String JSON_CONFIGURATION = "logback-json.xml";

    private LogFormat() {
    }

    static void apply(String[] args, Map<String, String> env) {
        if ("json".equals(chosen(args, env)) && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", JSON_CONFIGURATION);
        }
    }

    /** The format named by the last --log-format (either "--log-format json" or "--log-format=json"), else the environment's. */
    static String chosen(String[] args, Map<String, String> env) {
        String format = env.getOrDefault(ENV, "text");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                format = args[i + 1];
            } else if (args[i].startsWith(OPTION + "=")) {
                format = args[i].substring(OPTION.length() + 1);
            }
        }
        return format;
    }
}

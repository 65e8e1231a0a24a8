package io.ipstream.app.cli;

import io.ipstream.common.ApiToken;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The bearer token the HTTP APIs require, from a file or the environment: never a flag's value,
 * which anyone on the machine can read in the process list.
 */
public final class ApiTokenOption {
    private static final String TOKEN_ENV = "IPSTREAM_API_TOKEN";

    @Option(names = "--api-token-file", paramLabel = "FILE", defaultValue = "${env:IPSTREAM_API_TOKEN_FILE}",
            description = "Require 'Authorization: Bearer <token>' on every HTTP request but /health/live and /health/ready, "
                    + "with the token in this file (env IPSTREAM_API_TOKEN_FILE, or the token itself in env " + TOKEN_ENV
                    + "); also sent to the other ipstream APIs. None by default: bind to 127.0.0.1 or put a proxy in front.")
    Path file;

    /** The token of the file, else of the environment, else none; an empty variable counts as none. */
    ApiToken token() {
        if (file != null) {
            return ApiToken.read(file, "--api-token-file");
        }
        String fromEnvironment = System.getenv(TOKEN_ENV);
        return fromEnvironment == null || fromEnvironment.isBlank() ? ApiToken.NONE : ApiToken.of(fromEnvironment, "env " + TOKEN_ENV);
    }
}

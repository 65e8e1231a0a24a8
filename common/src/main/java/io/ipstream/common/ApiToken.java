package io.ipstream.common;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * The bearer token shared by ipstream's HTTP servers and their clients (instances forwarding to
 * each other, the forecasting service reading the topology's API). It is read from a file or the
 * environment, never from a flag, so it does not show in the process list; it is compared in
 * constant time and never printed: {@link #toString} masks it.
 */
public final class ApiToken {
    /** No token: every request is let in, and clients send none. */
    public static final ApiToken NONE = new ApiToken(null);
    /** Long enough that guessing it over HTTP is hopeless; {@code openssl rand -hex 32} gives 64. */
    static final int MIN_LENGTH = 16;
    private static final String SCHEME = "Bearer ";
    /** Visible ASCII only: a header value cannot hold spaces, line breaks or other bytes safely. */
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");

    private final byte[] secret;

    private ApiToken(byte[] secret) {
        this.secret = secret;
    }

    /**
     * The token {@code text}, surrounding white space (a file's final newline) removed.
     *
     * @param source names where it came from in the error, e.g. "--api-token-file /run/secrets/api"
     * @throws ConfigError when it is shorter than {@value #MIN_LENGTH} or holds anything but visible ASCII
     */
    public static ApiToken of(String text, String source) {
        String token = text.strip();
        if (token.length() < MIN_LENGTH || !VISIBLE_ASCII.matcher(token).matches()) {
            throw new ConfigError(source + ": the API token must be at least " + MIN_LENGTH
                    + " visible ASCII characters without spaces (e.g. the output of openssl rand -hex 32)");
        }
        return new ApiToken(token.getBytes(StandardCharsets.US_ASCII));
    }

    /** The token in {@code file}, as {@link #of}; a file that cannot be read is a {@link ConfigError} naming it. */
    public static ApiToken read(Path file, String option) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8), option + " " + file);
        } catch (IOException e) {
            throw new ConfigError(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Whether requests must carry the token. */
    public boolean enabled() {
        return secret != null;
    }

    /**
     * Whether an {@code Authorization} header value lets the request in: always without a token,
     * otherwise only {@code Bearer <token>}, compared in time independent of where it differs.
     */
    public boolean accepts(String authorization) {
        if (secret == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] offered = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(offered, secret);
    }

    /** The request with {@code Authorization: Bearer <token>} when there is a token; unchanged otherwise. */
    public HttpRequest.Builder authorize(HttpRequest.Builder request) {
        return secret == null ? request : request.header("Authorization", SCHEME + new String(secret, StandardCharsets.US_ASCII));
    }

    /** Never the token itself: settings holding one may end up in a log line. */
    @Override
    public String toString() {
        return secret == null ? "ApiToken[none]" : "ApiToken[***]";
    }
}

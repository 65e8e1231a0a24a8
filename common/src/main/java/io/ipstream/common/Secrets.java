package io.ipstream.common;

import java.util.regex.Pattern;

/**
 * Connection strings as they may be shown: a Redis URI ({@code redis://:PASS@host:6379}) or a JDBC
 * URL ({@code ...?password=PASS}) can carry a password, and messages, logs and standard output are
 * read by more people than the configuration is.
 */
public final class Secrets {
    static final String MASK = "***";
    /** The user-info part of a URL, {@code //user:password@} or {@code //password@}. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/?#@]*@");
    /** A query or property parameter whose name says it holds a secret, up to the next separator. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;](?:[a-z._-]*)(?:password|passwd|pwd|secret|token|key)=)[^&;#]*");

    private Secrets() {
    }

    /** {@code url} with any user-info and secret-looking parameter values replaced by {@value #MASK}. */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        String withoutUser = USER_INFO.matcher(url).replaceAll("//" + MASK + "@");
        return SECRET_PARAMETER.matcher(withoutUser).replaceAll("$1" + MASK);
    }
}

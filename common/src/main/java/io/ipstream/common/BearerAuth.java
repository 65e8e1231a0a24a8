package io.ipstream.common;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one bearer-token check of both HTTP servers: with a token, every request but the health
 * checks (which orchestrators probe without credentials) and the paths a server names as public
 * (the dashboard's static files, which hold no data) needs {@code Authorization: Bearer <token>};
 * otherwise 401 with a JSON error and {@code WWW-Authenticate: Bearer}. Denied by default, so an
 * endpoint added later is protected without anyone remembering to.
 */
public final class BearerAuth {
    public static final Set<String> HEALTH_PATHS = Set.of("/health/live", "/health/ready");
    /**
     * A path a public entry may match: plain segments, none starting with a dot, nothing encoded,
     * so "/webjars/../api/ips" or "/webjars/%2e%2e/api/ips" is never let through as a static file.
     */
    private static final Pattern PLAIN_PATH = Pattern.compile("/|(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+/?");

    private BearerAuth() {
    }

    /**
     * Adds the check to {@code config} when {@code token} is enabled; without one, nothing changes.
     *
     * @param publicPaths paths open without a token besides the health checks; "/dir/*" opens everything under /dir/
     */
    public static void require(JavalinConfig config, ApiToken token, List<String> publicPaths) {
        if (!token.enabled()) {
            return;
        }
        // Jetty caches the header fields of a keep-alive connection and by default matches a new value to a
        // cached one ignoring case: "Bearer ABC" after "Bearer abc" would be read as "Bearer abc" and let in.
        config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
        config.routes.before(ctx -> {
            if (!isPublic(ctx.path(), publicPaths) && !token.accepts(ctx.header("Authorization"))) {
                deny(ctx, ctx.header("Authorization") == null ? "this API needs a bearer token: Authorization: Bearer <token>"
                        : "the bearer token is not this API's");
            }
        });
    }

    static boolean isPublic(String path, List<String> publicPaths) {
        if (HEALTH_PATHS.contains(path)) {
            return true;
        }
        if (!PLAIN_PATH.matcher(path).matches()) {
            return false;
        }
        return publicPaths.stream().anyMatch(open -> open.endsWith("/*")
                ? path.startsWith(open.substring(0, open.length() - 1)) && path.length() > open.length() - 1
                : path.equals(open));
    }

    private static void deny(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"ipstream\"");
        ctx.status(401).contentType("application/json").result(JsonErrors.body(401, message));
        ctx.skipRemainingHandlers();
    }
}

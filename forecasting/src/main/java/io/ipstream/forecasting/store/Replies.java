package io.ipstream.forecasting.store;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for pipelined commands: all are sent first, then their replies are collected in order. */
final class Replies {
    private Replies() {
    }

    /** Whether the server answers a PING within {@code timeout}: for readiness probes, which must not hang. */
    static boolean answersPing(StatefulRedisConnection<String, String> connection, Duration timeout) {
        try {
            return "PONG".equals(connection.async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The replies in order; the first failure is thrown as Lettuce would throw it from a synchronous call. */
    static <T> List<T> await(List<RedisFuture<T>> pending, Duration timeout) {
        List<T> replies = new ArrayList<>(pending.size());
        for (RedisFuture<T> reply : pending) {
            try {
                replies.add(reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : new RedisCommandExecutionException(e.getCause());
            } catch (TimeoutException e) {
                throw new RedisCommandTimeoutException("Redis did not answer within " + timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisCommandInterruptedException(e);
            }
        }
        return replies;
    }
}

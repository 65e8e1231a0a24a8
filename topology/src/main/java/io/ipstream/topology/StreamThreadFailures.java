package io.ipstream.topology;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream thread's uncaught exception leads to. A rare failure replaces the thread: a fatal
 * client error (a producer fenced in an odd broker state, say) is then survived, and under exactly-once
 * the new thread starts from the last committed transaction, so nothing is counted twice. Failures
 * that repeat shut the instance down instead, so a deterministic fault does not loop unseen and a
 * healthy instance takes over its partitions.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {
    static final int MAX_REPLACEMENTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final LongSupplier nanoTime;
    private final Deque<Long> replacements = new ArrayDeque<>();

    StreamThreadFailures(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    StreamThreadFailures() {
        this(System::nanoTime);
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = nanoTime.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toNanos()) {
            replacements.removeFirst();
        }
        if (replacements.size() < MAX_REPLACEMENTS) {
            replacements.addLast(now);
            LOG.error("Stream thread failed; replacing it ({} of at most {} replacements in {} min)", replacements.size(),
                    MAX_REPLACEMENTS, WINDOW.toMinutes(), exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("Stream thread failed again after {} replacements in {} min; shutting this instance down so a healthy one "
                + "takes over its partitions. Restart it once the cause below is fixed.", MAX_REPLACEMENTS, WINDOW.toMinutes(), exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
}

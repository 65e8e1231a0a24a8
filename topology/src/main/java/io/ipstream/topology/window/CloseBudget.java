package io.ipstream.topology.window;

import java.time.Duration;

/**
 * How much of a stream thread's time publishing closed windows should take: {@link #SHARE} of every
 * {@link #PERIOD} of wall-clock time, shared by all the tasks the thread runs. A budget per task let
 * three tasks on one thread take three times the share together, and during a day's closes the
 * thread fell behind its input (docs/BENCHMARKS.md, latency). A target rather than a hard bound:
 * each punctuation still publishes one IP per window size, and an overrun is not carried into the
 * next period. One instance per stream thread; not thread-safe, as each is only used by its own
 * thread.
 */
public final class CloseBudget {
    public static final Duration PERIOD = Duration.ofMillis(100);
    static final Duration SHARE = Duration.ofMillis(10);
    private static final ThreadLocal<CloseBudget> PER_THREAD = ThreadLocal.withInitial(CloseBudget::new);

    private long period = Long.MIN_VALUE;
    private long spentNanos;

    /** Tests make budgets of their own; a stream thread gets its own from {@link #ofCurrentThread()}. */
    CloseBudget() {
    }

    /** The budget of the calling stream thread. */
    static CloseBudget ofCurrentThread() {
        return PER_THREAD.get();
    }

    /** Nanoseconds left in the period that contains the wall-clock time {@code nowMillis}. */
    long remainingNanos(long nowMillis) {
        long current = Math.floorDiv(nowMillis, PERIOD.toMillis());
        if (current != period) {
            period = current;
            spentNanos = 0;
        }
        return Math.max(0, SHARE.toNanos() - spentNanos);
    }

    /** Counts work done in the current period. */
    void spend(long nanos) {
        spentNanos += nanos;
    }
}

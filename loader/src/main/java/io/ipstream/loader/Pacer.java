package io.ipstream.loader;

import io.ipstream.common.IpLog;
import java.util.concurrent.locks.LockSupport;

/** How fast records are sent: unlimited, a fixed rate, or event time sped up. */
public interface Pacer {

    /** Blocks until {@code log} (the n-th record sent, from 0) is due. */
    void await(long n, IpLog log);

    static Pacer unlimited() {
        return (n, log) -> {
        };
    }

    /** {@code recordsPerSecond} evenly spaced. */
    static Pacer rate(double recordsPerSecond) {
        long start = System.nanoTime();
        return (n, log) -> sleepUntil(start + (long) (n * 1e9 / recordsPerSecond));
    }

    /** Event time replayed {@code speedup} times faster than real time (3600: an hour of data per second). */
    static Pacer speedup(double speedup) {
        return new Pacer() {
            private long start;
            private long firstEventMillis = Long.MIN_VALUE;

            @Override
            public void await(long n, IpLog log) {
                if (firstEventMillis == Long.MIN_VALUE) {
                    firstEventMillis = log.timestampMillis();
                    start = System.nanoTime();
                    return;
                }
                sleepUntil(start + (long) ((log.timestampMillis() - firstEventMillis) * 1e6 / speedup));
            }
        };
    }

    private static void sleepUntil(long nanoTime) {
        for (long wait; (wait = nanoTime - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
        }
    }
}

package io.ipstream.loader;

import io.ipstream.common.IpLog;
import java.util.concurrent.locks.LockSupport;

/** How fast records are sent: unlimited, a fixed rate, or event time sped up. */
public interface Pacer {

    /** Blocks until {@code log} (the n-th record sent, from 0) is due. */
    void await(long n, IpLog log);

    /** Where a pacer reads the time and waits: the system's, or a simulated one in tests. */
    interface Clock {
        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void parkNanos(long nanos) {
                LockSupport.parkNanos(nanos);
            }
        };

        long nanoTime();

        /** Waits about {@code nanos}; may return early (a pacer then waits again). */
        void parkNanos(long nanos);
    }

    static Pacer unlimited() {
        return (n, log) -> {
        };
    }

    /** {@code recordsPerSecond} evenly spaced. */
    static Pacer rate(double recordsPerSecond) {
        return rate(recordsPerSecond, Clock.SYSTEM);
    }

    static Pacer rate(double recordsPerSecond, Clock clock) {
        long start = clock.nanoTime();
        return (n, log) -> sleepUntil(clock, start + (long) (n * 1e9 / recordsPerSecond));
    }

    /** Event time replayed {@code speedup} times faster than real time (3600: an hour of data per second). */
    static Pacer speedup(double speedup) {
        return speedup(speedup, Clock.SYSTEM);
    }

    static Pacer speedup(double speedup, Clock clock) {
        return new Pacer() {
            private long start;
            private long firstEventMillis = Long.MIN_VALUE;

            @Override
            public void await(long n, IpLog log) {
                if (firstEventMillis == Long.MIN_VALUE) {
                    firstEventMillis = log.timestampMillis();
                    start = clock.nanoTime();
                    return;
                }
                sleepUntil(clock, start + (long) ((log.timestampMillis() - firstEventMillis) * 1e6 / speedup));
            }
        };
    }

    private static void sleepUntil(Clock clock, long nanoTime) {
        for (long wait; (wait = nanoTime - clock.nanoTime()) > 0; ) {
            clock.parkNanos(wait);
        }
    }
}

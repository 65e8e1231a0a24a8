package io.ipstream.app.bench;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Matches records sent in order per source IP with the outputs that show them: an output saying
 * that an IP has {@code k} records (an {@code ip-averages} count) completes every pending record of
 * that IP up to its k-th. Kafka Streams' record cache may coalesce several updates of a key into
 * one, so one output can complete several records at once. Counts are cumulative over the
 * tracker's life, as the topology's are, so one tracker follows one topology across runs. Shared
 * by the sending thread and the reading thread.
 */
final class LatencyTracker {
    private final Map<String, Ip> ips = new HashMap<>();
    private long[] latencies = new long[1024];
    private int measured;
    private long outstanding;

    /** The records of one IP sent and not yet seen: their send times, oldest first, and how many were seen before them. */
    private static final class Ip {
        final ArrayDeque<Long> pending = new ArrayDeque<>();
        long completed;
    }

    /** Call before sending an IP's next record (so no output can come before it is pending), with its send time. */
    synchronized void sent(String ip, long sentNanos) {
        ips.computeIfAbsent(ip, k -> new Ip()).pending.add(sentNanos);
        outstanding++;
    }

    /** An output saying {@code ip} has {@code count} records, read at {@code seenNanos}. */
    synchronized void seen(String ip, long count, long seenNanos) {
        Ip state = ips.get(ip);
        if (state == null) {
            return;
        }
        while (state.completed < count && !state.pending.isEmpty()) {
            record(seenNanos - state.pending.poll());
            state.completed++;
            outstanding--;
        }
    }

    /** The IP's next record read back as it was sent (the broker-only baseline: one output per record). */
    synchronized void seenNext(String ip, long seenNanos) {
        Ip state = ips.get(ip);
        if (state != null) {
            seen(ip, state.completed + 1, seenNanos);
        }
    }

    /** Records sent and not yet seen. */
    synchronized long outstanding() {
        return outstanding;
    }

    /** The latencies measured since the last call, and forgets them. */
    synchronized Latencies take() {
        long[] taken = Arrays.copyOf(latencies, measured);
        measured = 0;
        return Latencies.of(taken);
    }

    private void record(long nanos) {
        if (measured == latencies.length) {
            latencies = Arrays.copyOf(latencies, measured * 2);
        }
        latencies[measured++] = nanos;
    }

    /** p50, p99 and maximum of one run, in milliseconds, over {@code count} records. */
    record Latencies(int count, double p50, double p99, double max) {
        static Latencies of(long[] nanos) {
            if (nanos.length == 0) {
                throw new IllegalStateException("no latency was measured");
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Latencies(sorted.length, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                    sorted[sorted.length - 1] / 1e6);
        }
    }
}

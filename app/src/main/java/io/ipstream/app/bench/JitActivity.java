package io.ipstream.app.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * How busy the JIT compiler was over a stretch of wall time, from the JVM's own count of time spent
 * compiling. A benchmark warms up until this falls low: until then its rounds would measure the
 * JVM compiling the code under test as much as the code itself.
 */
final class JitActivity {
    /**
     * The JIT counts as settled once its threads together compile for less than this share of the wall time. Not
     * near zero: a benchmark's JVM also hosts the broker and the streams instances, whose compiling goes on for
     * minutes and costs far less than the first passes' (over 100%, two compiler threads).
     */
    static final double SETTLED_SHARE = 0.35;

    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private final long startNanos = System.nanoTime();
    private final long startCompileMillis = compileMillis();

    private JitActivity() {
    }

    static JitActivity start() {
        return new JitActivity();
    }

    /** Compile time since the start as a share of the wall time since then; 0 without a JIT that reports it. */
    double compileShare() {
        double wallMillis = (System.nanoTime() - startNanos) / 1e6;
        return wallMillis <= 0 ? 0 : (compileMillis() - startCompileMillis) / wallMillis;
    }

    boolean settled() {
        return compileShare() < SETTLED_SHARE;
    }

    private static long compileMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }
}

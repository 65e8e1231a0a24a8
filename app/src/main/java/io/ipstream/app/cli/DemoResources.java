package io.ipstream.app.cli;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.topology.StreamsRuntime;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * What the demo starts, stopped and removed exactly once: when the command ends, when it fails
 * part-way, or on Ctrl-C at any moment (the shutdown hook is in place before anything starts).
 */
final class DemoResources implements AutoCloseable {
    private final Path work;
    private final Thread hook = new Thread(this::stop, "demo-shutdown");
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EmbeddedKafka broker;
    private StreamsRuntime runtime;

    DemoResources(Path work) {
        this.work = work;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    Path work() {
        return work;
    }

    synchronized void broker(EmbeddedKafka started) {
        this.broker = started;
    }

    synchronized void runtime(StreamsRuntime started) {
        this.runtime = started;
    }

    /** Blocks until Ctrl-C (or any JVM shutdown) has stopped everything. */
    void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    private synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            if (runtime != null) {
                runtime.close();
            }
            if (broker != null) {
                broker.close();
            }
            WorkDirectory.delete(work);
        } finally {
            stopped.countDown();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to remove
        }
    }
}

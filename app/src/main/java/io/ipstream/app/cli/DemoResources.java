package io.ipstream.app.cli;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo starts, stopped in reverse order and removed exactly once: when the command ends,
 * when it fails part-way, or on Ctrl-C at any moment (the shutdown hook is in place before anything
 * starts).
 */
final class DemoResources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoResources.class);

    private final Path work;
    private final Thread hook = new Thread(this::stop, "demo-shutdown");
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    DemoResources(Path work) {
        this.work = work;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    Path work() {
        return work;
    }

    /** Keeps {@code resource} to be closed before everything added earlier; closes it at once when the demo has already stopped. */
    synchronized <T extends AutoCloseable> T add(T resource) {
        if (stopped.getCount() == 0) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
            throw new IllegalStateException("the demo was stopped while it started");
        }
        started.push(resource);
        return resource;
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
            while (!started.isEmpty()) {
                AutoCloseable resource = started.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Stopping {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
                }
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

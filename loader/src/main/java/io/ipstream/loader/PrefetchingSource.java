package io.ipstream.loader;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads and validates a source on its own thread, in batches, while the caller sends: parsing
 * then runs beside the producer instead of in front of it. Errors of the source (an unreadable
 * file) are rethrown to the caller at the point the records would have come.
 */
public final class PrefetchingSource implements RecordSource {
    private static final int BATCH = 512;
    private static final int BATCHES_AHEAD = 16;
    private static final long JOIN_MILLIS = 2_000;

    private final RecordSource source;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread reader;
    private volatile boolean closed;
    private Iterator<InputRecord> current = List.<InputRecord>of().iterator();
    private Batch last;

    private record Batch(List<InputRecord> records, double progress, long skipped, Throwable failure, boolean end) {
    }

    public PrefetchingSource(RecordSource source) {
        this.source = source;
        this.reader = new Thread(this::readAhead, "loader-read-ahead");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void readAhead() {
        List<InputRecord> records = new ArrayList<>(BATCH);
        try {
            while (!closed) {
                while (records.size() < BATCH && source.hasNext()) {
                    records.add(source.next());
                }
                boolean end = records.size() < BATCH;
                queue.put(new Batch(records, source.progress(), source.skipped(), null, end));
                if (end) {
                    return;
                }
                records = new ArrayList<>(BATCH);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable failure) {
            // What was read before the failure is still delivered, then the failure itself.
            try {
                queue.put(new Batch(records, Double.NaN, source.skipped(), failure, true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (last != null && last.end()) {
                Throwable failure = last.failure();
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (failure instanceof Error error) {
                    throw error;
                }
                if (failure != null) {
                    throw new IllegalStateException("reading the input failed: " + failure.getMessage(), failure);
                }
                return false;
            }
            try {
                last = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the input", e);
            }
            current = last.records().iterator();
        }
        return true;
    }

    @Override
    public InputRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    @Override
    public String identity() {
        return source.identity();
    }

    @Override
    public double progress() {
        return last == null ? 0 : last.progress();
    }

    @Override
    public long skipped() {
        return last == null ? 0 : last.skipped();
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try {
            // A read from a pipe cannot be interrupted: do not wait for a writer that may never come.
            reader.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!reader.isAlive()) {
            source.close();
        }
    }
}

package io.ipstream.loader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a {@link RecordSource}: valid records to ip-logs, rejected ones to the dead-letter topic
 * (or, with strict, stop at the first), paced, with the checkpoint advanced as the broker
 * acknowledges. Without a sender it only validates.
 */
public final class Loader {
    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);
    private static final long CHECKPOINT_INTERVAL_NANOS = 1_000_000_000L;

    private final LogSender sender;
    private final Checkpoint checkpoint;
    private final Pacer pacer;
    private final boolean strict;
    private final Progress progress;

    /**
     * @param sender     where records go; null to validate only
     * @param checkpoint the checkpoint to advance; null for none
     */
    public Loader(LogSender sender, Checkpoint checkpoint, Pacer pacer, boolean strict, Progress progress) {
        this.sender = sender;
        this.checkpoint = checkpoint;
        this.pacer = pacer;
        this.strict = strict;
        this.progress = progress;
    }

    public LoadReport run(RecordSource input) {
        RecordSource source = new PrefetchingSource(input);
        LoadReport report = new LoadReport();
        long start = System.nanoTime();
        long lastSave = start;
        long count = 0;
        try (source) {
            while (source.hasNext()) {
                InputRecord record = source.next();
                if (!record.isValid()) {
                    LOG.debug("Rejected {}: {}", record.origin(), record.rejection());
                    report.rejected(record);
                    if (strict) {
                        report.stoppedAt(record);
                        break;
                    }
                } else {
                    report.valid();
                    pacer.await(count, record.log());
                }
                if (sender != null) {
                    sender.send(record, checkpoint == null ? () -> { } : checkpoint.track(record.marker()));
                    sender.throwIfFailed();
                }
                count++;
                progress.update(count, source.progress());
                if (checkpoint != null && System.nanoTime() - lastSave > CHECKPOINT_INTERVAL_NANOS) {
                    checkpoint.save();
                    lastSave = System.nanoTime();
                }
            }
            if (sender != null) {
                sender.flush();
            }
            if (checkpoint != null) {
                checkpoint.save();
            }
            progress.done();
            report.finish(source.skipped(), (System.nanoTime() - start) / 1e9);
        }
        return report;
    }
}

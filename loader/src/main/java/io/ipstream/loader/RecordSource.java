package io.ipstream.loader;

import java.io.Closeable;
import java.util.Iterator;

/**
 * Records of one input in send order, read lazily so that inputs larger than memory stream through.
 * A source opened to resume after a checkpoint marker skips what precedes it without parsing it.
 */
public interface RecordSource extends Iterator<InputRecord>, Closeable {

    /** What the checkpoint is tied to: an absolute path, or "stdin". */
    String identity();

    /** Fraction of the input consumed so far (for the ETA), or NaN when unknown. */
    double progress();

    /** Records skipped because the checkpoint says they were acknowledged before. */
    long skipped();

    @Override
    void close();
}

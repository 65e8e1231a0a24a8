package io.ipstream.topology;

import io.ipstream.common.IpLog;

/** What a processing step decided about a record: accept it, or send it to the dead-letter topic. */
sealed interface Intake {

    /**
     * A valid record with its original bytes (kept for a later dead letter); {@code inPlace} when its
     * key and partition already match its source IP.
     */
    record Accepted(IpLog log, byte[] original, boolean inPlace) implements Intake {
    }

    /** A record for the dead-letter topic: the bytes to keep and the reason (also in a header). */
    record Rejected(byte[] value, String reason) implements Intake {
    }

    static boolean isRejected(Object key, Intake intake) {
        return intake instanceof Rejected;
    }

    static boolean isInPlace(Object key, Intake intake) {
        return ((Accepted) intake).inPlace();
    }
}

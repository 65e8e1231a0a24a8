package io.ipstream.topology;

import io.ipstream.common.IpLog;

/** What a processing step decided about a record: accept it, or send it to the dead-letter topic. */
sealed interface Intake {

    /** A valid record; {@code inPlace} when its key and partition already match its source IP. */
    record Accepted(IpLog log, boolean inPlace) implements Intake {
    }

    /** A record for the dead-letter topic: the bytes to keep and the reason (also in a header). */
    record Rejected(byte[] value, String reason) implements Intake {
    }

    static boolean isRejected(Object key, Intake intake) {
        return intake instanceof Rejected;
    }
}

package io.ipstream.common;

/** A record that fails validation; the message is the reason written to the dead-letter topic. */
public class InvalidRecordException extends Exception {
    public InvalidRecordException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}

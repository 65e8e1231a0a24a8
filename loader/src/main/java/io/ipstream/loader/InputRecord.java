package io.ipstream.loader;

import io.ipstream.common.IpLog;

/**
 * One record read from an input: where it came from ({@code file:line}), its position marker for
 * checkpoints (a line number, or a file name in a directory), its original bytes, and either the
 * validated record or the reason it was rejected.
 */
public record InputRecord(String origin, String marker, byte[] original, IpLog log, String rejection) {

    public static InputRecord valid(String origin, String marker, byte[] original, IpLog log) {
        return new InputRecord(origin, marker, original, log, null);
    }

    public static InputRecord rejected(String origin, String marker, byte[] original, String reason) {
        return new InputRecord(origin, marker, original, null, reason);
    }

    public boolean isValid() {
        return log != null;
    }
}

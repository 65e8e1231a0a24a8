package io.ipstream.app.load;

import io.ipstream.common.IpLog;

/**
 * One record read from an input file: where it came from ({@code file:line}), its original bytes,
 * and either the validated record or the reason it was rejected.
 */
public record SourceRecord(String origin, byte[] original, IpLog log, String rejection) {

    public static SourceRecord valid(String origin, byte[] original, IpLog log) {
        return new SourceRecord(origin, original, log, null);
    }

    public static SourceRecord rejected(String origin, byte[] original, String reason) {
        return new SourceRecord(origin, original, null, reason);
    }

    public boolean isValid() {
        return log != null;
    }
}

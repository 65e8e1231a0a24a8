package io.ipstream.loader;

import io.ipstream.common.IpLog;
import java.nio.file.Path;

/**
 * One record read from an input: where it came from, its original bytes, and either the validated
 * record with the bytes to send for it, or the reason it was rejected.
 *
 * @param source the file (or "stdin", "generated") it came from
 * @param line   its line in that file, or 0 when the record is the whole file
 * @param wire   the value for ip-logs: the original bytes when their meaning does not depend on a
 *               zone setting, else the canonical JSON (so the loader's --zone decides, once)
 */
public record InputRecord(String source, long line, byte[] original, IpLog log, byte[] wire, String rejection) {

    public static InputRecord valid(String source, long line, byte[] original, IpLog log, byte[] wire) {
        return new InputRecord(source, line, original, log, wire, null);
    }

    public static InputRecord rejected(String source, long line, byte[] original, String reason) {
        return new InputRecord(source, line, original, null, null, reason);
    }

    public boolean isValid() {
        return log != null;
    }

    /** {@code file:line}, or the file for a whole-file record: for reports and dead-letter headers. */
    public String origin() {
        return line > 0 ? source + ":" + line : source;
    }

    /** The checkpoint position: the line number, or for a whole-file record the file's name. */
    public String marker() {
        return line > 0 ? Long.toString(line) : Path.of(source).getFileName().toString();
    }
}

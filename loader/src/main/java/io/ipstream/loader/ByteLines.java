package io.ipstream.loader;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines of bytes ("\n" or "\r\n"), without decoding them to text: records
 * are kept and sent as bytes, so decoding and re-encoding every line would only cost time.
 */
final class ByteLines implements Closeable {
    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int scan;
    private int end;
    private long consumed;
    private boolean eof;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of the stream. */
    byte[] next() throws IOException {
        while (true) {
            for (; scan < end; scan++) {
                if (buffer[scan] == '\n') {
                    byte[] line = take(scan, scan + 1);
                    return line;
                }
            }
            if (eof) {
                return start < end ? take(end, end) : null;
            }
            fill();
        }
    }

    /** Bytes consumed so far, terminators included. */
    long consumed() {
        return consumed;
    }

    /** True for a line of spaces, tabs or nothing. */
    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private byte[] take(int lineEnd, int next) {
        int contentEnd = lineEnd > start && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        byte[] line = Arrays.copyOfRange(buffer, start, contentEnd);
        consumed += next - start;
        start = next;
        scan = next;
        return line;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scan -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            eof = true;
        } else {
            end += read;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

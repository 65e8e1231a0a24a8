package io.ipstream.loader;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a stream into lines of bytes ("\n" or "\r\n"), without decoding them to text: records
 * are kept and sent as bytes, so decoding and re-encoding every line would only cost time.
 */
final class ByteLines implements Closeable {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

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
            int newline = indexOfNewline(buffer, scan, end);
            if (newline >= 0) {
                return take(newline, newline + 1);
            }
            scan = end;
            if (eof) {
                return start < end ? take(end, end) : null;
            }
            fill();
        }
    }

    /**
     * The first '\n' in {@code bytes[from, to)}, or -1. Eight bytes per step (the classic zero-byte
     * test on a long), because Java 17 has no vectorised search for a byte in an array and finding
     * line ends was a quarter of the loader's parsing time.
     */
    static int indexOfNewline(byte[] bytes, int from, int to) {
        int at = from;
        for (; at + Long.BYTES <= to; at += Long.BYTES) {
            long word = (long) LONGS.get(bytes, at) ^ NEWLINES;
            // A byte of word is zero where bytes held '\n'; the lowest flagged byte is exact.
            long newlines = (word - LOW_BITS) & ~word & HIGH_BITS;
            if (newlines != 0) {
                return at + (Long.numberOfTrailingZeros(newlines) >>> 3);
            }
        }
        for (; at < to; at++) {
            if (bytes[at] == '\n') {
                return at;
            }
        }
        return -1;
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

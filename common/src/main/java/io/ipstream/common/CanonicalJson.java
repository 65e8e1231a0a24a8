package io.ipstream.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads records laid out exactly as {@link IpLogCodec#toJson} writes them, byte by byte, several
 * times faster than a general JSON parser: this is the form every record takes on ip-logs once the
 * loader has written it, and the topology reads each one twice (event time, then validation).
 * Written by hand because no library reads one fixed layout faster than a general parser does.
 * Anything else, or anything doubtful (escapes, non-ASCII, leading zeros, signs, a value the
 * validation would reject), returns null and takes the general path with its precise reasons.
 */
final class CanonicalJson {
    private static final byte[] START = "{\"src_ip\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] METRIC_PREFIXES = new byte[Metric.ALL.size()][];
    private static final byte[] TIMESTAMP_PREFIX = ",\"timestamp\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DIGITS = 18;

    static {
        for (Metric metric : Metric.ALL) {
            METRIC_PREFIXES[metric.ordinal()] = (",\"" + metric.wireName() + "\":").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private CanonicalJson() {
    }

    /** The record, or null when {@code value} is not in the canonical layout or not plainly valid. */
    static IpLogCodec.Decoded read(byte[] value, EventTimes eventTimes) {
        int at = expect(value, 0, START);
        int ipEnd = stringEnd(value, at);
        if (ipEnd < 0) {
            return null;
        }
        int ipStart = at;
        at = ipEnd + 1;
        long[] values = new long[METRIC_PREFIXES.length];
        for (int m = 0; m < METRIC_PREFIXES.length; m++) {
            at = expect(value, at, METRIC_PREFIXES[m]);
            if (at < 0) {
                return null;
            }
            int digitsEnd = at;
            long number = 0;
            while (digitsEnd < value.length && value[digitsEnd] >= '0' && value[digitsEnd] <= '9') {
                number = number * 10 + (value[digitsEnd] - '0');
                digitsEnd++;
            }
            int digits = digitsEnd - at;
            if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && value[at] == '0')) {
                return null;
            }
            values[m] = number;
            at = digitsEnd;
        }
        at = expect(value, at, TIMESTAMP_PREFIX);
        // The record ends with the timestamp's closing quote and brace; the common forms are read in
        // place, checking each character, and anything else must first be a plain string.
        int timestampEnd = value.length - 2;
        if (at < 0 || timestampEnd < at || value[timestampEnd] != '"' || value[timestampEnd + 1] != '}') {
            return null;
        }
        try {
            String ip = ip(value, ipStart, ipEnd);
            long millis = eventTimes.commonFormMillis(value, at, timestampEnd);
            if (millis >= 0) {
                // Of the two common forms only the UTC one ends in 'Z'.
                return new IpLogCodec.Decoded(new IpLog(ip, millis, values), value[timestampEnd - 1] == 'Z');
            }
            if (stringEnd(value, at) != timestampEnd) {
                return null;
            }
            String timestamp = new String(value, at, timestampEnd - at, StandardCharsets.US_ASCII);
            return new IpLogCodec.Decoded(new IpLog(ip, eventTimes.parseMillis(timestamp), values), EventTimes.hasExplicitOffset(timestamp));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The canonical address at {@code value[from, to)}: a canonical dotted quad is taken as it is. */
    private static String ip(byte[] value, int from, int to) {
        String text = new String(value, from, to - from, StandardCharsets.US_ASCII);
        return IpAddresses.isCanonicalIpv4(value, from, to) ? text : IpAddresses.canonical(text);
    }

    /** The position after {@code expected} at {@code at}, or -1 if it is not there. */
    private static int expect(byte[] value, int at, byte[] expected) {
        if (at < 0 || at + expected.length > value.length
                || !Arrays.equals(value, at, at + expected.length, expected, 0, expected.length)) {
            return -1;
        }
        return at + expected.length;
    }

    /** The closing quote of a plain ASCII string starting at {@code at}, or -1 (escapes and non-ASCII decline). */
    private static int stringEnd(byte[] value, int at) {
        if (at < 0) {
            return -1;
        }
        for (int i = at; i < value.length; i++) {
            byte b = value[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\' || b < 0x20) {
                return -1;
            }
        }
        return -1;
    }
}

package io.ipstream.common;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Validates IP literals and gives each address one canonical text form, so that
 * "2001:DB8::1" and "2001:db8:0:0:0:0:0:1" are one identity. Written by hand because JDK 17 has
 * no literal-only parser (InetAddress.ofLiteral arrives in Java 22) and getByName would resolve
 * host names.
 */
public final class IpAddresses {
    private static final int MAX_LENGTH = 45;

    private IpAddresses() {
    }

    /**
     * The canonical form: dotted-quad IPv4 without leading zeros, or RFC 5952 IPv6 (lower case,
     * longest zero run compressed). IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) become the IPv4
     * address they name.
     *
     * @throws IllegalArgumentException naming why the text is not an IP address
     */
    public static String canonical(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is " + text.length() + " characters, longer than any IP address");
        }
        if (text.indexOf(':') < 0) {
            return canonicalIpv4(text);
        }
        char first = text.charAt(0);
        if (first != ':' && Character.digit(first, 16) < 0) {
            throw new IllegalArgumentException("is not a valid IPv6 address");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.';
            if (!allowed) {
                throw new IllegalArgumentException("has character '" + printable(c) + "', not valid in an IPv6 address");
            }
        }
        if (text.contains(".")) {
            // The embedded IPv4 part must itself be a strict dotted quad.
            canonicalIpv4(text.substring(text.lastIndexOf(':') + 1));
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet4Address) {
                return address.getHostAddress();
            }
            return formatIpv6(((Inet6Address) address).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("is not a valid IPv6 address");
        }
    }

    /** {@link #canonical} for a request parameter: the exception's message is the whole 400 answer. */
    public static String parseParameter(String text) {
        try {
            return canonical(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + Texts.clip(String.valueOf(text)) + "' is not an IP address: it " + e.getMessage(), e);
        }
    }

    public static boolean isValid(String text) {
        try {
            canonical(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String canonicalIpv4(String text) {
        if (isCanonicalIpv4(text)) {
            return text;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("is not a dotted-quad IPv4 address");
        }
        StringBuilder out = new StringBuilder(15);
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("has IPv4 part '" + part + "' that is not 0-255");
            }
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("has character '" + printable(c) + "', not valid in an IPv4 address");
                }
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                throw new IllegalArgumentException("has IPv4 part '" + part + "' with a leading zero (ambiguous: octal or decimal)");
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new IllegalArgumentException("has IPv4 part '" + part + "' that is not 0-255");
            }
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(value);
        }
        return out.toString();
    }

    /** The byte check below for text (the general parser's and request parameters' path); one short copy. */
    private static boolean isCanonicalIpv4(String text) {
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        return isCanonicalIpv4(latin1, 0, latin1.length);
    }

    /**
     * True when {@code ascii[from, to)} is a dotted quad without leading zeros, each part 0-255:
     * text that {@link #canonical} returns unchanged. Read from bytes so that a record's address is
     * checked where it lies, before any String is made.
     */
    static boolean isCanonicalIpv4(byte[] ascii, int from, int to) {
        int parts = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            int c = i == to ? '.' : ascii[i];
            if (c == '.') {
                if (digits == 0 || value > 255 || parts == 4) {
                    return false;
                }
                parts++;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return false;
                }
                value = value * 10 + (c - '0');
                digits++;
                if (digits > 3) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return parts == 4;
    }

    private static String formatIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}

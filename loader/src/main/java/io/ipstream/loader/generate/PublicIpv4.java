package io.ipstream.loader.generate;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random, unique, publicly routable IPv4 addresses: never in the private, shared, loopback,
 * link-local, documentation, benchmarking, multicast or reserved ranges (RFC 6890).
 */
public final class PublicIpv4 {
    /** Non-public ranges as {first address, prefix length}. */
    private static final long[][] RESERVED = {
            {ip(0, 0, 0, 0), 8}, {ip(10, 0, 0, 0), 8}, {ip(100, 64, 0, 0), 10}, {ip(127, 0, 0, 0), 8},
            {ip(169, 254, 0, 0), 16}, {ip(172, 16, 0, 0), 12}, {ip(192, 0, 0, 0), 24}, {ip(192, 0, 2, 0), 24},
            {ip(192, 88, 99, 0), 24}, {ip(192, 168, 0, 0), 16}, {ip(198, 18, 0, 0), 15}, {ip(198, 51, 100, 0), 24},
            {ip(203, 0, 113, 0), 24}, {ip(224, 0, 0, 0), 4}, {ip(240, 0, 0, 0), 4},
    };

    private final SplittableRandom random;
    private final Set<Long> used = new HashSet<>();

    public PublicIpv4(SplittableRandom random, Set<String> taken) {
        this.random = random;
        taken.forEach(address -> {
            long parsed = parse(address);
            if (parsed >= 0) {
                used.add(parsed);
            }
        });
    }

    /** A public address not returned before and not in {@code taken}. */
    public String next() {
        while (true) {
            long candidate = random.nextLong(1L << 32);
            if (isPublic(candidate) && used.add(candidate)) {
                return format(candidate);
            }
        }
    }

    public static boolean isPublic(String address) {
        long parsed = parse(address);
        return parsed >= 0 && isPublic(parsed);
    }

    private static boolean isPublic(long address) {
        for (long[] range : RESERVED) {
            long mask = (0xFFFFFFFFL << (32 - range[1])) & 0xFFFFFFFFL;
            if ((address & mask) == range[0]) {
                return false;
            }
        }
        return true;
    }

    private static long ip(int a, int b, int c, int d) {
        return ((long) a << 24) | ((long) b << 16) | ((long) c << 8) | d;
    }

    private static long parse(String address) {
        String[] parts = address.split("\\.");
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            try {
                value = (value << 8) | Integer.parseInt(part);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return value;
    }

    private static String format(long address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }
}

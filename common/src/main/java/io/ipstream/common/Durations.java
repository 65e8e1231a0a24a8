package io.ipstream.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses durations written as "90s", "15m", "6h", "7d", ISO-8601 ("PT1H", "P7D") or "0". */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (trimmed.equals("0")) {
                return Duration.ZERO;
            }
            if (trimmed.startsWith("p")) {
                return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            }
            if (trimmed.length() >= 2) {
                long amount = Long.parseLong(trimmed.substring(0, trimmed.length() - 1));
                switch (trimmed.charAt(trimmed.length() - 1)) {
                    case 's':
                        return Duration.ofSeconds(amount);
                    case 'm':
                        return Duration.ofMinutes(amount);
                    case 'h':
                        return Duration.ofHours(amount);
                    case 'd':
                        return Duration.ofDays(amount);
                    default:
                        break;
                }
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration such as 90s, 15m, 6h, 7d or PT1H");
    }

    /** The short form used in names and messages: "7d", "6h", "15m", "90s", else ISO-8601. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (duration.getNano() != 0 || seconds <= 0) {
            return duration.toString();
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}

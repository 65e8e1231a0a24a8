package io.ipstream.common;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * Event-time parsing: the old system's "yyyy-MM-dd HH:mm:ss" in a configurable zone, or ISO-8601
 * with an offset (an instant) or without one (local time in the zone).
 */
public final class EventTimes {
    /**
     * How far ahead of the wall clock a record may be timestamped (the topology's and the ingest's
     * default): at most the broker's message.timestamp.after.max.ms, 1 hour by default.
     */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofHours(1);

    /** Strict: "2022-02-30" or "24:00:00" are errors, not silently another (possibly duplicate) hour. */
    private static final DateTimeFormatter LEGACY = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    private final ZoneId zone;
    /** The zone's offset when it never changes (UTC, "+02:00"): local times then need no rules lookup. */
    private final ZoneOffset fixedOffset;

    public EventTimes(ZoneId zone) {
        this.zone = zone;
        this.fixedOffset = zone.getRules().isFixedOffset() ? zone.getRules().getOffset(Instant.EPOCH) : null;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * Epoch milliseconds of the text.
     *
     * @throws IllegalArgumentException naming the accepted formats
     */
    public long parseMillis(String text) {
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        long common = commonFormMillis(latin1, 0, latin1.length);
        if (common >= 0) {
            return common;
        }
        Instant instant = parse(text);
        long millis;
        try {
            millis = instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timestamp '" + Texts.clip(text) + "' is out of range");
        }
        if (millis < 0) {
            throw new IllegalArgumentException("timestamp '" + text + "' is before 1970-01-01T00:00:00Z, which Kafka cannot represent");
        }
        return millis;
    }

    private Instant parse(String text) {
        try {
            if (text.length() == 19 && text.charAt(10) == ' ') {
                return LocalDateTime.parse(text, LEGACY).atZone(zone).toInstant();
            }
            if (hasExplicitOffset(text)) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("timestamp '" + Texts.clip(text)
                    + "' is not 'yyyy-MM-dd HH:mm:ss' or ISO-8601");
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timestamp '" + Texts.clip(text) + "' is out of range");
        }
    }

    /**
     * Epoch milliseconds of the two forms nearly every record uses, "yyyy-MM-dd HH:mm:ss" (in the
     * zone) and "yyyy-MM-ddTHH:mm:ssZ", at {@code ascii[from, to)}; -1 for any other text or a time
     * before 1970, which {@link #parseMillis} then reads or names. Read by hand from bytes:
     * DateTimeFormatter costs microseconds per record, several times the rest of parsing.
     */
    long commonFormMillis(byte[] ascii, int from, int to) {
        int length = to - from;
        boolean legacy = length == 19 && ascii[from + 10] == ' ';
        boolean utc = length == 20 && ascii[from + 10] == 'T' && ascii[from + 19] == 'Z';
        if (!legacy && !utc || ascii[from + 4] != '-' || ascii[from + 7] != '-' || ascii[from + 13] != ':'
                || ascii[from + 16] != ':') {
            return -1;
        }
        int year = digits(ascii, from, 4);
        int month = digits(ascii, from + 5, 2);
        int day = digits(ascii, from + 8, 2);
        int hour = digits(ascii, from + 11, 2);
        int minute = digits(ascii, from + 14, 2);
        int second = digits(ascii, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
            return -1;
        }
        long seconds;
        if (utc || fixedOffset != null) {
            int offset = utc ? 0 : fixedOffset.getTotalSeconds();
            seconds = epochDay(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second - offset;
        } else {
            seconds = LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toEpochSecond();
        }
        return seconds < 0 ? -1 : seconds * 1000;
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            return Year.isLeap(year) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /**
     * Days from 1970-01-01 of a valid proleptic Gregorian date (H. Hinnant's days_from_civil), as
     * LocalDate.toEpochDay computes it without building a LocalDate for every record.
     */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    /** The decimal value of {@code count} ASCII digits at {@code start}, or -1. */
    private static int digits(byte[] ascii, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int c = ascii[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** True when an ISO-8601 text names its offset ("Z", "+03:00"), so no zone setting changes its meaning. */
    public static boolean hasExplicitOffset(String text) {
        int timeStart = text.indexOf('T');
        if (timeStart < 0) {
            return false;
        }
        for (int i = timeStart; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'Z' || c == 'z' || c == '+' || c == '-') {
                return true;
            }
        }
        return false;
    }

    /** The canonical wire form: ISO-8601 in UTC. */
    public static String format(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}

package io.ipstream.common;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Event-time parsing: the old system's "yyyy-MM-dd HH:mm:ss" in a configurable zone, or ISO-8601
 * with an offset (an instant) or without one (local time in the zone).
 */
public final class EventTimes {
    private static final DateTimeFormatter LEGACY = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final ZoneId zone;

    public EventTimes(ZoneId zone) {
        this.zone = zone;
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
            if (hasOffset(text)) {
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

    private static boolean hasOffset(String text) {
        int timeStart = text.indexOf('T');
        if (timeStart < 0) {
            return false;
        }
        String time = text.substring(timeStart);
        return time.endsWith("Z") || time.endsWith("z") || time.indexOf('+') >= 0 || time.indexOf('-') >= 0;
    }

    /** The canonical wire form: ISO-8601 in UTC. */
    public static String format(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}

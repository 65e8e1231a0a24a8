package io.ipstream.common;

import java.time.Duration;
import java.time.Instant;

/** A bounded [from, to] range of instants from request parameters, as every range query of the REST APIs takes it. */
public record TimeRange(Instant from, Instant to) {
    /** Ranges are bounded so one request cannot read a whole store or archive into memory. */
    public static final Duration MAX_SPAN = Duration.ofDays(400);

    /** Parses ISO-8601 instants; throws {@link IllegalArgumentException} with the message for a 400 answer. */
    public static TimeRange parse(String fromText, String toText) {
        Instant from;
        Instant to;
        try {
            from = Instant.parse(String.valueOf(fromText));
            to = Instant.parse(String.valueOf(toText));
            // Stores key points by epoch milliseconds: an instant beyond them is a bad request, not an internal error.
            from.toEpochMilli();
            to.toEpochMilli();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("from and to must be ISO-8601 instants such as 2022-01-03T00:00:00Z");
        }
        if (to.isBefore(from) || Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException("the range from " + from + " to " + to + " must run forwards and span at most "
                    + MAX_SPAN.toDays() + " days");
        }
        return new TimeRange(from, to);
    }
}

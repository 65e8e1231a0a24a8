package io.ipstream.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wire format of {@code ip-logs}: parses and validates a JSON object into an {@link IpLog}
 * (each failure with a precise reason) and writes the canonical form (numbers as numbers,
 * timestamp as an ISO-8601 instant). Uses Jackson's streaming parser: one pass, no tree.
 */
public final class IpLogCodec {
    public static final int MAX_VALUE_BYTES = 1024 * 1024;
    public static final String SRC_IP = "src_ip";
    public static final String TIMESTAMP = "timestamp";
    /** The reason given when a value holds more than one JSON document (JSON Lines, say). */
    public static final String TRAILING_CONTENT = "malformed JSON: content after the end of the object";

    private static final int METRICS = Metric.ALL.size();
    /**
     * The longest number read, as a JSON number or a numeric string: far more than any 64-bit count
     * needs, and a bound on BigDecimal's parse, whose cost grows with the square of the digits (a
     * string of a million digits would hold a stream thread for seconds, twice per record).
     */
    private static final int MAX_NUMBER_CHARS = 64;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_CHARS).maxNestingDepth(32).build())
            .build();

    private final EventTimes eventTimes;

    public IpLogCodec(ZoneId zone) {
        this.eventTimes = new EventTimes(zone);
    }

    public EventTimes eventTimes() {
        return eventTimes;
    }

    /** Parses a record value. */
    public IpLog parse(byte[] value) throws InvalidRecordException {
        return decode(value).log();
    }

    /**
     * A parsed record, and whether its timestamp carried an explicit offset: then the original bytes
     * mean the same to every reader, whatever zone it is configured with.
     */
    public record Decoded(IpLog log, boolean zoneIndependent) {
    }

    /** Parses a record value, telling whether its meaning depends on the reader's zone. */
    public Decoded decode(byte[] value) throws InvalidRecordException {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("empty value");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new InvalidRecordException("value is " + value.length + " bytes, over the " + MAX_VALUE_BYTES + "-byte limit");
        }
        Decoded canonical = CanonicalJson.read(value, eventTimes);
        return canonical != null ? canonical : decodeGeneral(value);
    }

    /** Any JSON layout, through Jackson's streaming parser; package-private so tests can compare both paths. */
    Decoded decodeGeneral(byte[] value) throws InvalidRecordException {
        try (JsonParser parser = JSON.createParser(value)) {
            Decoded decoded = readObject(parser);
            if (parser.nextToken() != null) {
                throw new InvalidRecordException(TRAILING_CONTENT);
            }
            return decoded;
        } catch (StreamConstraintsException e) {
            // Well-formed, but past a limit that keeps hostile input cheap: not "malformed".
            throw new InvalidRecordException("JSON beyond the reader's limits: " + firstLine(e.getOriginalMessage().replaceFirst(", from `[^`]*`", "")));
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("malformed JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidRecordException("unreadable value: " + firstLine(e.getMessage()));
        }
    }

    /** Builds a record from named text fields (a CSV row, say), with the same rules as JSON. */
    public IpLog fromFields(Map<String, String> fields) throws InvalidRecordException {
        boolean[] present = new boolean[METRICS];
        for (Metric metric : Metric.ALL) {
            present[metric.ordinal()] = fields.get(metric.wireName()) != null;
        }
        String ip = fields.get(SRC_IP);
        String timestamp = fields.get(TIMESTAMP);
        requirePresent(ip != null, timestamp != null, present);
        long[] values = new long[METRICS];
        for (Metric metric : Metric.ALL) {
            values[metric.ordinal()] = parseCount(metric, fields.get(metric.wireName()));
        }
        return new IpLog(canonicalIp(ip), parseTimestamp(timestamp), values);
    }

    private Decoded readObject(JsonParser parser) throws IOException, InvalidRecordException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new InvalidRecordException(first == null ? "malformed JSON: no content"
                    : "expected a JSON object, got " + describe(first));
        }
        String ip = null;
        String timestamp = null;
        boolean[] present = new boolean[METRICS];
        long[] values = new long[METRICS];
        InvalidRecordException firstProblem = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (SRC_IP.equals(field)) {
                requireFirst(ip != null, field);
                ip = readString(parser, token, field);
            } else if (TIMESTAMP.equals(field)) {
                requireFirst(timestamp != null, field);
                timestamp = readString(parser, token, field);
            } else {
                Metric metric = Metric.fromWireName(field);
                if (metric == null) {
                    parser.skipChildren();
                    continue;
                }
                requireFirst(present[metric.ordinal()], field);
                present[metric.ordinal()] = true;
                try {
                    values[metric.ordinal()] = readCount(parser, token, metric);
                } catch (InvalidRecordException e) {
                    // Keep reading: a later syntax error or duplicate field is the more basic problem.
                    firstProblem = firstProblem == null ? e : firstProblem;
                }
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new InvalidRecordException("malformed JSON: unexpected " + describe(parser.currentToken()));
        }
        requirePresent(ip != null, timestamp != null, present);
        if (firstProblem != null) {
            throw firstProblem;
        }
        return new Decoded(new IpLog(canonicalIp(ip), parseTimestamp(timestamp), values), EventTimes.hasExplicitOffset(timestamp));
    }

    /** A field given twice is ambiguous (which value wins?), so the record is rejected. */
    private static void requireFirst(boolean seenBefore, String field) throws InvalidRecordException {
        if (seenBefore) {
            throw new InvalidRecordException("duplicate field '" + field + "'");
        }
    }

    private static void requirePresent(boolean hasIp, boolean hasTimestamp, boolean[] metricPresent)
            throws InvalidRecordException {
        List<String> missing = new ArrayList<>();
        if (!hasIp) {
            missing.add(SRC_IP);
        }
        for (Metric metric : Metric.ALL) {
            if (!metricPresent[metric.ordinal()]) {
                missing.add(metric.wireName());
            }
        }
        if (!hasTimestamp) {
            missing.add(TIMESTAMP);
        }
        if (!missing.isEmpty()) {
            throw new InvalidRecordException((missing.size() == 1 ? "missing field " : "missing fields ")
                    + String.join(", ", missing));
        }
    }

    private static String readString(JsonParser parser, JsonToken token, String field)
            throws IOException, InvalidRecordException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        throw new InvalidRecordException("field " + field + " must be a string, got " + describe(token));
    }

    private static long readCount(JsonParser parser, JsonToken token, Metric metric)
            throws IOException, InvalidRecordException {
        switch (token) {
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER && parser.getLongValue() >= 0) {
                    return parser.getLongValue();
                }
                return parseCount(metric, parser.getText());
            case VALUE_STRING:
            case VALUE_NUMBER_FLOAT:
                return parseCount(metric, parser.getText());
            default:
                parser.skipChildren();
                throw new InvalidRecordException("field " + metric.wireName()
                        + " must be a number or a numeric string, got " + describe(token));
        }
    }

    /** Counts are non-negative integers that fit in 64 bits; "3", 3, "3.0" and 3e0 are all 3. */
    static long parseCount(Metric metric, String text) throws InvalidRecordException {
        long plain = plainDigits(text);
        if (plain >= 0) {
            return plain;
        }
        String field = metric.wireName();
        if (text == null || text.isEmpty()) {
            throw new InvalidRecordException("field " + field + " is empty");
        }
        if (text.length() > MAX_NUMBER_CHARS) {
            throw new InvalidRecordException("field " + field + " has " + text.length() + " characters, too long for a 64-bit count");
        }
        BigDecimal number;
        try {
            // BigDecimal also reads non-ASCII digits ("１７"); the wire format does not allow them.
            if (!text.chars().allMatch(c -> c < 0x80)) {
                throw new NumberFormatException();
            }
            number = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("field " + field + " is not a number: '" + Texts.clip(text) + "'");
        }
        if (number.signum() < 0) {
            throw new InvalidRecordException("field " + field + " is negative: " + Texts.clip(text));
        }
        if (number.scale() > 0 && number.stripTrailingZeros().scale() > 0) {
            throw new InvalidRecordException("field " + field + " is fractional: " + Texts.clip(text) + " (counts are whole numbers)");
        }
        if (number.precision() - number.scale() > 19) {
            throw new InvalidRecordException("field " + field + " is beyond 64 bits: " + Texts.clip(text));
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidRecordException("field " + field + " is beyond 64 bits: " + Texts.clip(text));
        }
    }

    /** The value of up to 18 ASCII digits (the common case, without BigDecimal), or -1 for anything else. */
    private static long plainDigits(String text) {
        int length = text == null ? 0 : text.length();
        if (length == 0 || length > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String canonicalIp(String ip) throws InvalidRecordException {
        try {
            return IpAddresses.canonical(ip);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("src_ip '" + Texts.clip(ip) + "' is not an IPv4 or IPv6 address: it " + e.getMessage());
        }
    }

    private long parseTimestamp(String text) throws InvalidRecordException {
        try {
            return eventTimes.parseMillis(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(e.getMessage());
        }
    }

    /** The canonical JSON form of a record. */
    public byte[] toJson(IpLog log) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField(SRC_IP, log.srcIp());
            for (Metric metric : Metric.ALL) {
                generator.writeNumberField(metric.wireName(), log.value(metric));
            }
            generator.writeStringField(TIMESTAMP, EventTimes.format(log.timestampMillis()));
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        switch (token) {
            case VALUE_NULL:
                return "null";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            default:
                return token.asString() == null ? token.name() : "'" + token.asString() + "'";
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return Texts.clip(newline < 0 ? message : message.substring(0, newline));
    }
}

package io.ipstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.DeadLetterHeaders;
import io.ipstream.common.DeadLetterValue;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Metric;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A corpus of hostile {@code ip-logs} records, each kind with the outcome the topology owes it:
 * a dead letter whose reason names the problem, or a record counted once under its canonical
 * source IP. One fixture for every harness: {@code HostileRecordsTopologyTest} runs it through
 * {@code TopologyTestDriver}, {@code HostileInputIT} through a real broker and a running instance,
 * where sizes, compression and the producers' limits are real too, and {@code HostileIngestIT}
 * through the forecasting service's ingest ({@link Entry#stored}: what it owes each entry).
 *
 * <p>Every counted entry declares its canonical IP, the one value all its nine metrics carry and
 * its event time, so the expected statistics ({@link #totals}) and points come from these
 * declarations, not from the codec under test. Good records ({@link #good}) of {@link #GOOD_IP} are
 * sent around the entries.
 */
public final class HostileRecords {
    /** The IP of the good records around the corpus: pinned to partition 0 by the shipped partition map. */
    public static final String GOOD_IP = "46.39.79.251";
    /** The key of most rejected entries: what a producer that believes the value is a record would use. */
    public static final String BAD_KEY = "203.0.113.9";
    /** Ten mebibytes: more than the broker's 1 MiB limit, which a compressed batch carries past it. */
    public static final int HUGE_VALUE_BYTES = 10 * 1024 * 1024;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private HostileRecords() {
    }

    /** What the topology must do with an entry. */
    public sealed interface Outcome permits DeadLetter, Counted {
    }

    /**
     * To {@code ip-logs-dlq}, with a reason header that contains {@code reason}. {@code valid} is null
     * when the record itself is invalid; otherwise the record is valid and the topology refuses it for
     * a reason of its own (its dedupe can no longer check it), and {@code valid} is what it holds.
     */
    public record DeadLetter(String reason, Counted valid) implements Outcome {
        public DeadLetter(String reason) {
            this(reason, null);
        }
    }

    /** Counted once under {@code srcIp} (canonical), every metric adding {@code value}; its event time is {@code at}. */
    public record Counted(String srcIp, long value, Instant at) implements Outcome {
    }

    /** One kind of hostile record: key and value as a producer sends them, and the outcome owed. */
    public record Entry(String name, String key, byte[] value, Outcome outcome) {
        public boolean isDeadLetter() {
            return outcome instanceof DeadLetter;
        }

        /**
         * The record as the forecasting ingest must store it, whose writes are idempotent and so need
         * no dedupe: a counted entry, or a valid one the topology refuses for a reason of its own; null
         * for an invalid record, which the ingest skips.
         */
        public Counted stored() {
            return outcome instanceof Counted counted ? counted : ((DeadLetter) outcome).valid();
        }

        /** The value its dead letter keeps: the original bytes, cut to the codec's limit when larger. */
        public byte[] deadLetterValue() {
            return value == null || value.length <= IpLogCodec.MAX_VALUE_BYTES ? value : Arrays.copyOf(value, IpLogCodec.MAX_VALUE_BYTES);
        }

        /** The key its dead letter keeps: the original, cut to its first {@link DeadLetterValue#MAX_KEY_CHARS} characters when longer. */
        public String deadLetterKey() {
            return key == null || key.length() <= DeadLetterValue.MAX_KEY_CHARS ? key : key.substring(0, DeadLetterValue.MAX_KEY_CHARS);
        }

        /** The {@code ipstream.dlq.original.size} header its dead letter carries: the original length when cut, else none. */
        public String originalSizeHeader() {
            return value != null && value.length > IpLogCodec.MAX_VALUE_BYTES ? Integer.toString(value.length) : null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Counted records of one IP: how many, and the sum of each metric (all metrics sum alike here). */
    public record Totals(long count, BigInteger sum) {
        Totals plus(long value) {
            return new Totals(count + 1, sum.add(BigInteger.valueOf(value)));
        }
    }

    /** A dead letter as a test read it, from the real topic or the test driver. */
    public record Letter(String key, byte[] value, Headers headers) {
        String header(String name) {
            Header header = headers.lastHeader(name);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Checks the dead letters against the corpus: each names, by its source offset in
     * {@code byOffset}, one rejected entry, once, and keeps the key, value and reason that entry owes;
     * every rejected entry has its dead letter.
     */
    public static void assertDeadLetters(List<Entry> corpus, Map<Long, Entry> byOffset, List<Letter> letters) {
        Map<String, String> reasons = new TreeMap<>();
        for (Letter letter : letters) {
            Entry entry = byOffset.get(Long.parseLong(letter.header(DeadLetterHeaders.SOURCE_OFFSET)));
            assertThat(entry).as("source of dead letter %s", letter.header(DeadLetterHeaders.REASON)).isNotNull();
            assertThat(reasons.put(entry.name(), letter.header(DeadLetterHeaders.REASON))).as(entry.name() + " twice").isNull();
            assertThat(letter.key()).as(entry.name()).isEqualTo(entry.deadLetterKey());
            assertThat(letter.value()).as(entry.name()).isEqualTo(entry.deadLetterValue());
            assertThat(letter.header(DeadLetterHeaders.ORIGINAL_SIZE)).as(entry.name()).isEqualTo(entry.originalSizeHeader());
        }
        Map<String, String> expectedReasons = new TreeMap<>();
        corpus.stream().filter(Entry::isDeadLetter).forEach(entry -> expectedReasons.put(entry.name(), ((DeadLetter) entry.outcome()).reason()));
        assertThat(reasons.keySet()).as("rejected entries").isEqualTo(expectedReasons.keySet());
        expectedReasons.forEach((name, reason) -> assertThat(reasons.get(name)).as(name).contains(reason));
    }

    /** The {@code i}-th good record: {@link #GOOD_IP} at hour {@code i} after 2022-01-03 00:00 UTC, every metric {@link #goodValue}. */
    public static byte[] good(int i) {
        return utf8(record(quoted(GOOD_IP), Long.toString(goodValue(i)), quoted(hour(3, i))));
    }

    public static long goodValue(int i) {
        return i + 1L;
    }

    /** The event time of the {@code i}-th good record. */
    public static Instant goodTime(int i) {
        return at(3, i);
    }

    /** The expected statistics per IP after {@code goodRecords} good records and every counted entry. */
    public static Map<String, Totals> totals(List<Entry> entries, int goodRecords) {
        Map<String, Totals> totals = new TreeMap<>();
        for (int i = 0; i < goodRecords; i++) {
            totals.merge(GOOD_IP, new Totals(1, BigInteger.valueOf(goodValue(i))), HostileRecords::add);
        }
        for (Entry entry : entries) {
            if (entry.outcome() instanceof Counted counted) {
                totals.compute(counted.srcIp(), (ip, sofar) -> (sofar == null ? new Totals(0, BigInteger.ZERO) : sofar).plus(counted.value()));
            }
        }
        return totals;
    }

    private static Totals add(Totals a, Totals b) {
        return new Totals(a.count() + b.count(), a.sum().add(b.sum()));
    }

    /** The corpus, in the order it is sent. */
    public static List<Entry> all() {
        List<Entry> corpus = new ArrayList<>();
        String valid = record(quoted("198.51.100.1"), "1", quoted("2022-01-04 08:00:00"));

        // Broken JSON
        corpus.add(bad("truncated JSON (cut in the middle of the object)", valid.substring(0, valid.length() / 2), "malformed JSON: Unexpected end-of-input"));
        corpus.add(bad("invalid JSON: single quotes", "{'src_ip':'198.51.100.1'}", "malformed JSON"));
        corpus.add(bad("invalid JSON: a missing comma between fields", valid.replace(",\"allow\"", "\"allow\""), "malformed JSON"));
        corpus.add(bad("not JSON at all: plain text", "hello, world", "malformed JSON"));
        corpus.add(bad("a JSON array instead of an object", "[1,2]", "expected a JSON object, got an array"));
        corpus.add(bad("a bare JSON string", "\"198.51.100.1\"", "expected a JSON object, got a string"));

        // Wrong types
        corpus.add(bad("a count as an array", withMetric("allow", "[17]"), "field allow must be a number or a numeric string, got an array"));
        corpus.add(bad("a count as an object", withMetric("allow", "{\"value\":17}"), "field allow must be a number or a numeric string, got an object"));
        corpus.add(bad("a count as a boolean", withMetric("allow", "true"), "field allow must be a number or a numeric string, got a boolean"));
        corpus.add(bad("src_ip as a number", record("3325256705", "1", quoted("2022-01-04 08:00:00")), "field src_ip must be a string, got a number"));
        corpus.add(bad("the timestamp as epoch milliseconds", record(quoted("198.51.100.1"), "1", "1641283200000"), "field timestamp must be a string, got a number"));

        // Nulls and missing fields
        corpus.add(bad("a null count", withMetric("drop", "null"), "field drop must be a number or a numeric string, got null"));
        corpus.add(bad("a null src_ip", record("null", "1", quoted("2022-01-04 08:00:00")), "field src_ip must be a string, got null"));
        corpus.add(bad("a null timestamp", record(quoted("198.51.100.1"), "1", "null"), "field timestamp must be a string, got null"));
        corpus.add(bad("one missing field", valid.replace("\"drop\":1,", ""), "missing field drop"));
        corpus.add(bad("only src_ip", "{\"src_ip\":\"198.51.100.1\"}", "missing fields unq_dst_ip, allow"));
        corpus.add(bad("an empty object", "{}", "missing fields src_ip, unq_dst_ip"));

        // Counts out of range or not whole
        corpus.add(bad("a count of 2^64 (beyond 64 bits)", withMetric("bytesin", "18446744073709551616"), "field bytesin is beyond 64 bits"));
        corpus.add(bad("a count of 2^63 as a string (one past the largest long)", withMetric("bytesin", "\"9223372036854775808\""), "field bytesin is beyond 64 bits"));
        corpus.add(bad("a count of 100 digits", withMetric("bytesout", "1".repeat(100)), "JSON beyond the reader's limits: Number value length (100) exceeds the maximum allowed (64)"));
        corpus.add(bad("a count of a million digits as a string", withMetric("bytesout", quoted("9".repeat(1_000_000))), "field bytesout has 1000000 characters, too long for a 64-bit count"));
        corpus.add(bad("a negative count", withMetric("allow", "-1"), "field allow is negative: -1"));
        corpus.add(bad("a negative count as a string", withMetric("allow", "\"-17\""), "field allow is negative: -17"));
        corpus.add(bad("a fractional count", withMetric("allow", "1.5"), "field allow is fractional: 1.5"));
        corpus.add(bad("a fractional count as a string", withMetric("allow", "\"0.5\""), "field allow is fractional: 0.5"));
        corpus.add(bad("NaN as a bare token", withMetric("pkts_sent", "NaN"), "malformed JSON: Non-standard token 'NaN'"));
        corpus.add(bad("NaN as a string", withMetric("pkts_sent", "\"NaN\""), "field pkts_sent is not a number: 'NaN'"));
        corpus.add(bad("Infinity as a bare token", withMetric("pkts_sent", "Infinity"), "malformed JSON: Non-standard token 'Infinity'"));
        corpus.add(bad("Infinity as a string", withMetric("pkts_sent", "\"Infinity\""), "field pkts_sent is not a number: 'Infinity'"));
        corpus.add(bad("-Infinity as a bare token", withMetric("pkts_sent", "-Infinity"), "malformed JSON: Non-standard token '-Infinity'"));
        corpus.add(bad("-Infinity as a string", withMetric("pkts_sent", "\"-Infinity\""), "field pkts_sent is not a number: '-Infinity'"));
        corpus.add(bad("exponent notation of a fraction", withMetric("allow", "1e-1"), "field allow is fractional: 1e-1"));
        corpus.add(bad("exponent notation beyond 64 bits", withMetric("allow", "1e20"), "field allow is beyond 64 bits: 1e20"));
        corpus.add(bad("a huge exponent", withMetric("allow", "1e999999999"), "field allow is beyond 64 bits"));
        corpus.add(bad("a count with leading zeros as a JSON number", withMetric("allow", "007"), "malformed JSON"));
        corpus.add(bad("a hexadecimal count", withMetric("allow", "\"0x11\""), "field allow is not a number: '0x11'"));
        corpus.add(bad("an empty count", withMetric("allow", "\"\""), "field allow is empty"));
        corpus.add(bad("a count in fullwidth digits", withMetric("allow", "\"\uFF11\uFF17\""), "field allow is not a number"));
        corpus.add(counted("the largest 64-bit count in every metric", "198.51.100.2", Long.MAX_VALUE, Long.toString(Long.MAX_VALUE), 8));
        corpus.add(counted("exponent notation of a whole number", "198.51.100.3", 3, "3e0", 8));
        corpus.add(counted("exponent notation with a fraction part that is whole", "198.51.100.3", 25, "2.5e1", 9));
        corpus.add(counted("a whole number with a zero fraction, as a string", "198.51.100.3", 3, "\"3.0\"", 10));
        corpus.add(counted("minus zero", "198.51.100.3", 0, "-0", 11));

        // Source addresses
        corpus.add(bad("an IPv4 address with a letter", withIp("198.51.100.a"), "has character 'a', not valid in an IPv4 address"));
        corpus.add(bad("a host name instead of an address", withIp("localhost"), "is not a dotted-quad IPv4 address"));
        corpus.add(bad("an IPv4 part over 255", withIp("198.51.100.256"), "has IPv4 part '256' that is not 0-255"));
        corpus.add(bad("an IPv4 part with a leading zero (octal or decimal?)", withIp("198.51.100.010"), "with a leading zero"));
        corpus.add(bad("an IPv4 address with a trailing NUL", withIp("198.51.100.1\\u0000"), "has character '\\u0000'"));
        corpus.add(bad("an empty src_ip", withIp(""), "is empty"));
        corpus.add(bad("fullwidth digits in an IPv4 address", withIp("\uFF11\uFF19\uFF18.51.100.1"), "has character '\\uff11', not valid in an IPv4 address"));
        corpus.add(bad("Arabic-Indic digits in an IPv4 address", withIp("\u0661\u0669\u0668.51.100.1"), "has character '\\u0661', not valid in an IPv4 address"));
        corpus.add(bad("a fullwidth digit in an IPv6 address", withIp("\uFF12001:db8::7"), "has character '\\uff12', not valid in an IPv6 address"));
        corpus.add(bad("an IPv6 address with a zone id", withIp("fe80::1%eth0"), "has character '%', not valid in an IPv6 address"));
        corpus.add(bad("an IPv6 address with a numeric zone id", withIp("fe80::1%1"), "has character '%', not valid in an IPv6 address"));
        corpus.add(bad("an IPv6 address in brackets", withIp("[2001:db8::7]"), "is not a valid IPv6 address"));
        corpus.add(bad("an IPv6 address with two '::'", withIp("2001::db8::7"), "is not a valid IPv6 address"));
        corpus.add(bad("an IPv6 address with nine groups", withIp("1:2:3:4:5:6:7:8:9"), "is not a valid IPv6 address"));
        corpus.add(notation("IPv6, compressed", "2001:db8::7", "2001:db8::7", 1));
        corpus.add(notation("IPv6, full form with leading zeros", "2001:0db8:0000:0000:0000:0000:0000:0007", "2001:db8::7", 2));
        corpus.add(notation("IPv6, upper case", "2001:DB8::7", "2001:db8::7", 3));
        corpus.add(notation("IPv6, zeros not compressed", "2001:db8:0:0:0:0:0:7", "2001:db8::7", 4));
        corpus.add(notation("IPv6 with an IPv4 suffix (NAT64 prefix)", "64:ff9b::198.51.100.7", "64:ff9b::c633:6407", 5));
        corpus.add(notation("IPv4-mapped IPv6: the IPv4 address it names", "::ffff:198.51.100.7", "198.51.100.7", 6));
        corpus.add(notation("IPv4-mapped IPv6 in upper case", "::FFFF:198.51.100.7", "198.51.100.7", 7));
        corpus.add(notation("the IPv6 loopback", "::1", "::1", 8));

        // Timestamps
        corpus.add(bad("a timestamp with a region zone", withTimestamp("2022-01-04T09:00:00+01:00[Europe/Paris]"), "is not 'yyyy-MM-dd HH:mm:ss' or ISO-8601"));
        corpus.add(bad("a legacy timestamp with an offset", withTimestamp("2022-01-04 08:00:00 +0200"), "is not 'yyyy-MM-dd HH:mm:ss' or ISO-8601"));
        corpus.add(bad("February 30th", withTimestamp("2022-02-30 08:00:00"), "is not 'yyyy-MM-dd HH:mm:ss' or ISO-8601"));
        corpus.add(bad("hour 24", withTimestamp("2022-01-04 24:00:00"), "is not 'yyyy-MM-dd HH:mm:ss' or ISO-8601"));
        corpus.add(bad("a timestamp far in the future", withTimestamp("9999-12-31 23:59:59"), "ahead of the wall clock"));
        corpus.add(bad("a timestamp beyond 64-bit milliseconds", withTimestamp("+999999999-12-31T23:59:59Z"), "is out of range"));
        corpus.add(bad("a second before 1970", withTimestamp("1969-12-31 23:59:59"), "before 1970"));
        corpus.add(bad("before 1970 only once its offset is applied", withTimestamp("1970-01-01T00:30:00+01:00"), "before 1970"));
        corpus.add(bad("year zero", withTimestamp("0000-01-01 00:00:00"), "before 1970"));
        corpus.add(new Entry("the epoch itself, 52 years behind stream time", GOOD_IP, utf8(record(quoted(GOOD_IP), "1", quoted("1970-01-01 00:00:00"))),
                new DeadLetter("older than the dedupe retention", new Counted(GOOD_IP, 1, Instant.EPOCH))));
        corpus.add(counted("ISO-8601 in UTC", "198.51.100.4", 1, quoted("198.51.100.4"), "1", quoted("2022-01-04T08:00:00Z"), at(4, 8)));
        corpus.add(counted("ISO-8601 with milliseconds", "198.51.100.4", 2, quoted("198.51.100.4"), "2", quoted("2022-01-04T09:00:00.000Z"), at(4, 9)));
        corpus.add(counted("ISO-8601 with a positive offset", "198.51.100.4", 3, quoted("198.51.100.4"), "3", quoted("2022-01-04T12:00:00+02:00"), at(4, 10)));
        corpus.add(counted("ISO-8601 with a negative offset", "198.51.100.4", 4, quoted("198.51.100.4"), "4", quoted("2022-01-04T06:00:00-05:00"), at(4, 11)));
        corpus.add(counted("ISO-8601 without an offset (the zone setting: UTC)", "198.51.100.4", 5, quoted("198.51.100.4"), "5", quoted("2022-01-04T12:00:00"), at(4, 12)));

        // Structure
        corpus.add(bad("a duplicate src_ip", valid.replace("{", "{\"src_ip\":\"198.51.100.9\","), "duplicate field 'src_ip'"));
        corpus.add(bad("a duplicate count with the same value", valid.replace("\"drop\":1,", "\"drop\":1,\"drop\":1,"), "duplicate field 'drop'"));
        corpus.add(bad("a duplicate timestamp", valid.replace("}", ",\"timestamp\":\"2022-01-04 08:00:00\"}"), "duplicate field 'timestamp'"));
        corpus.add(bad("trailing garbage after the object", valid + "garbage", "malformed JSON"));
        corpus.add(bad("a second object after the first", valid + "\n" + valid, IpLogCodec.TRAILING_CONTENT));
        corpus.add(bad("deeply nested JSON in an unknown field", valid.replace("}", ",\"deep\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"),
                "JSON beyond the reader's limits: Document nesting depth"));
        corpus.add(counted("unknown fields, nested, are ignored", "198.51.100.5", 1, at(4, 8), valid.replace("198.51.100.1", "198.51.100.5")
                .replace("}", ",\"comment\":\"hi\",\"nested\":{\"a\":[1,2,{\"b\":null}],\"c\":true}}")));
        corpus.add(counted("field names and the address written with \\u escapes", "198.51.100.5", 2, at(4, 9), record(quoted("198.51.100.\\u0035"), "2",
                quoted("2022-01-04T09:00:00Z")).replace("\"src_ip\"", "\"src\\u005fip\"")));
        corpus.add(counted("pretty-printed with a trailing newline", "198.51.100.5", 3, at(4, 10),
                record(quoted("198.51.100.5"), "3", quoted("2022-01-04T10:00:00Z")).replace(",", ",\n  ") + "\n\n   "));
        corpus.add(new Entry("a leading UTF-8 byte order mark", "198.51.100.5",
                concat(UTF8_BOM, utf8(record(quoted("198.51.100.5"), "4", quoted("2022-01-04T11:00:00Z")))), new Counted("198.51.100.5", 4, at(4, 11))));

        // Sizes, encodings and envelopes
        corpus.add(new Entry("a 10 MiB value", BAD_KEY, padded(valid, HUGE_VALUE_BYTES), new DeadLetter("value is " + HUGE_VALUE_BYTES + " bytes, over the 1048576-byte limit")));
        corpus.add(bad("one byte over the 1 MiB limit", new String(padded(valid, IpLogCodec.MAX_VALUE_BYTES + 1), StandardCharsets.UTF_8), "over the 1048576-byte limit"));
        String atLimit = valid.replace("198.51.100.1", "198.51.100.6");
        corpus.add(new Entry("a valid record of exactly 1 MiB (padding in an unknown field)", "198.51.100.6", padded(atLimit, IpLogCodec.MAX_VALUE_BYTES),
                new Counted("198.51.100.6", 1, at(4, 8))));
        corpus.add(new Entry("binary garbage (invalid UTF-8)", BAD_KEY,
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xA1, 0x00, 0x01, (byte) 0x9F, (byte) 0x92}, new DeadLetter("malformed JSON")));
        corpus.add(new Entry("control characters", BAD_KEY, new byte[] {0x00, 0x01, 0x02, 0x03, 0x04}, new DeadLetter("malformed JSON")));
        corpus.add(new Entry("an empty value", BAD_KEY, new byte[0], new DeadLetter("empty value")));
        corpus.add(new Entry("a null value (tombstone)", BAD_KEY, null, new DeadLetter("empty value")));
        corpus.add(new Entry("a null key and a bad value", null, utf8(withMetric("allow", "-3")), new DeadLetter("field allow is negative: -3")));
        corpus.add(new Entry("a 2 MiB key and a bad value", "k".repeat(2 * 1024 * 1024), utf8(withMetric("drop", "-4")),
                new DeadLetter("field drop is negative: -4")));
        corpus.add(new Entry("a null key and a good value", null, utf8(record(quoted("198.51.100.8"), "1", quoted("2022-01-04T08:00:00Z"))),
                new Counted("198.51.100.8", 1, at(4, 8))));
        corpus.add(new Entry("a key that names another IP", GOOD_IP, utf8(record(quoted("198.51.100.8"), "2", quoted("2022-01-04T09:00:00Z"))),
                new Counted("198.51.100.8", 2, at(4, 9))));
        corpus.add(new Entry("the key in another IPv6 notation", "2001:DB8:0::7", utf8(record(quoted("2001:db8::7"), "9", quoted("2022-01-04T09:00:00Z"))),
                new Counted("2001:db8::7", 9, at(4, 9))));
        return Collections.unmodifiableList(corpus);
    }

    private static Entry bad(String name, String value, String reason) {
        return new Entry(name, BAD_KEY, utf8(value), new DeadLetter(reason));
    }

    /** A record of {@code ip} at hour {@code hour} of 2022-01-04 with every metric written as {@code countJson}, worth {@code value}. */
    private static Entry counted(String name, String ip, long value, String countJson, int hour) {
        return new Entry(name, ip, utf8(record(quoted(ip), countJson, quoted(hour(4, hour)))), new Counted(ip, value, at(4, hour)));
    }

    /**
     * A record whose address is written as {@code ipText} and must count under {@code canonicalIp},
     * at hour {@code value} of 2022-01-04 with every metric {@code value}; keyed by the notation sent.
     */
    private static Entry notation(String name, String ipText, String canonicalIp, long value) {
        return new Entry(name, ipText, utf8(record(quoted(ipText), Long.toString(value), quoted(hour(4, (int) value)))),
                new Counted(canonicalIp, value, at(4, (int) value)));
    }

    /** {@code at} is the instant {@code timestampJson} names, written out apart from it so the codec's reading is checked. */
    private static Entry counted(String name, String ip, long value, String ipJson, String countJson, String timestampJson, Instant at) {
        return new Entry(name, ip, utf8(record(ipJson, countJson, timestampJson)), new Counted(ip, value, at));
    }

    private static Entry counted(String name, String ip, long value, Instant at, String json) {
        return new Entry(name, ip, utf8(json), new Counted(ip, value, at));
    }

    /** A record with every metric written as {@code countJson}; the arguments are raw JSON. */
    private static String record(String ipJson, String countJson, String timestampJson) {
        StringBuilder json = new StringBuilder("{\"src_ip\":").append(ipJson);
        for (Metric metric : Metric.ALL) {
            json.append(",\"").append(metric.wireName()).append("\":").append(countJson);
        }
        return json.append(",\"timestamp\":").append(timestampJson).append('}').toString();
    }

    /** A valid record but for one metric, written as the raw JSON {@code countJson}. */
    private static String withMetric(String metric, String countJson) {
        return record(quoted("198.51.100.1"), "1", quoted("2022-01-04 08:00:00")).replace("\"" + metric + "\":1", "\"" + metric + "\":" + countJson);
    }

    /** A valid record but for its address, written as {@code ipText} (JSON string content: escapes allowed). */
    private static String withIp(String ipText) {
        return record(quoted(ipText), "1", quoted("2022-01-04 08:00:00"));
    }

    private static String withTimestamp(String timestamp) {
        return record(quoted("198.51.100.1"), "1", quoted(timestamp));
    }

    /** {@code json} with an unknown field of padding, to exactly {@code size} bytes. */
    private static byte[] padded(String json, int size) {
        String open = json.substring(0, json.length() - 1) + ",\"padding\":\"";
        String close = "\"}";
        return utf8(open + "x".repeat(size - open.length() - close.length()) + close);
    }

    /** The instant {@link #hour} names, in UTC (the zone the harnesses read local times in). */
    private static Instant at(int dayOfJanuary2022, int hour) {
        return LocalDateTime.of(2022, 1, dayOfJanuary2022, 0, 0).plusHours(hour).toInstant(ZoneOffset.UTC);
    }

    private static String hour(int dayOfJanuary2022, int hour) {
        return String.format("2022-01-%02d %02d:00:00", dayOfJanuary2022 + hour / 24, hour % 24);
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}

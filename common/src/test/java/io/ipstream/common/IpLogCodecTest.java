package io.ipstream.common;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLogCodecTest {
    /** An independent reader: plain Jackson, no project configuration. */
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final DateTimeFormatter LEGACY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Path FIRST_EXAMPLE = SeedData.ROOT.resolve("example_files/1.json");

    private final IpLogCodec codec = new IpLogCodec(ZoneOffset.UTC);

    static List<Path> exampleFiles() {
        return SeedData.exampleFiles();
    }

    // ---- accepted input --------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void shouldParseEveryExampleFileIntoARecordWithTheFilesValues(Path file) throws Exception {
        // given
        byte[] bytes = SeedData.read(file).getBytes(UTF_8);
        JsonNode expected = PLAIN.readTree(bytes);

        // when
        IpLog log = codec.parse(bytes);

        // then
        Set<String> fieldsChecked = new HashSet<>();
        assertThat(log.srcIp()).isEqualTo(expected.get("src_ip").asText());
        fieldsChecked.add("src_ip");
        assertThat(log.timestamp())
                .isEqualTo(LocalDateTime.parse(expected.get("timestamp").asText(), LEGACY).toInstant(ZoneOffset.UTC));
        fieldsChecked.add("timestamp");
        for (Metric metric : Metric.ALL) {
            assertThat(log.value(metric)).as(metric.wireName())
                    .isEqualTo(Long.parseLong(expected.get(metric.wireName()).asText()));
            fieldsChecked.add(metric.wireName());
        }
        assertThat(fieldsChecked).as("every field of the file is compared").containsAll(fieldNames(expected));
    }

    @Test
    void shouldAcceptCountsAsJsonNumbersAndAsNumericStringsAlike() throws Exception {
        // given
        Map<String, String> asNumbers = baseFields();
        for (Metric metric : Metric.ALL) {
            asNumbers.put(metric.wireName(), PLAIN.readTree(asNumbers.get(metric.wireName())).asText());
        }

        // when
        IpLog fromNumbers = codec.parse(json(asNumbers));
        IpLog fromStrings = codec.parse(json(baseFields()));

        // then
        assertThat(asNumbers.get("allow")).isEqualTo("17");
        assertThat(fromNumbers).isEqualTo(fromStrings);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "\"3\"", "3.0", "\"3.0\"", "\"3.000\"", "3e0", "\"0.3e1\""})
    void shouldAcceptWholeNumbersWrittenWithAFractionOrExponent(String raw) throws Exception {
        // when
        IpLog log = codec.parse(with("drop", raw));

        // then
        assertThat(log.value(Metric.DROP)).isEqualTo(3);
    }

    @Test
    void shouldAcceptTheLargest64BitCount() throws Exception {
        // when
        IpLog log = codec.parse(with("bytesout", "\"" + Long.MAX_VALUE + "\""));

        // then
        assertThat(log.value(Metric.BYTESOUT)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldStoreTheSourceIpInCanonicalForm() throws Exception {
        // when
        IpLog log = codec.parse(with("src_ip", "\"2001:0DB8:0:0:0:0:0:1\""));

        // then
        assertThat(log.srcIp()).isEqualTo("2001:db8::1");
    }

    @Test
    void shouldIgnoreUnknownFields() throws Exception {
        // given
        Map<String, String> fields = baseFields();
        fields.put("comment", "{\"nested\":[1,2,{\"x\":null}]}");

        // when
        IpLog log = codec.parse(json(fields));

        // then
        assertThat(log).isEqualTo(codec.parse(json(baseFields())));
    }

    @Test
    void shouldReadATimestampWithAnOffsetAsThatInstant() throws Exception {
        // when
        IpLog log = codec.parse(with("timestamp", "\"2022-01-03T08:00:00+03:00\""));

        // then
        assertThat(log.timestamp()).isEqualTo(Instant.parse("2022-01-03T05:00:00Z"));
    }

    @Test
    void shouldReadALegacyTimestampAsLocalTimeInTheConfiguredZone() throws Exception {
        // given
        IpLogCodec istanbul = new IpLogCodec(ZoneId.of("Europe/Istanbul"));

        // when
        IpLog log = istanbul.parse(with("timestamp", "\"2022-01-03 08:00:00\""));

        // then
        assertThat(log.timestamp()).isEqualTo(Instant.parse("2022-01-03T05:00:00Z"));
    }

    @Test
    void shouldReadAnIsoTimestampWithoutOffsetAsLocalTimeInTheConfiguredZone() throws Exception {
        // given
        IpLogCodec istanbul = new IpLogCodec(ZoneId.of("Europe/Istanbul"));

        // when
        IpLog log = istanbul.parse(with("timestamp", "\"2022-01-03T08:00:00\""));

        // then
        assertThat(log.timestamp()).isEqualTo(Instant.parse("2022-01-03T05:00:00Z"));
    }

    // ---- rejected input: each with a reason naming the field and the problem ---------------

    @Test
    void shouldNameTheMissingField() {
        // given
        Map<String, String> fields = baseFields();
        fields.remove("pkts_sent");

        // when
        String reason = rejectionReason(json(fields));

        // then
        assertThat(reason).contains("missing field").contains("pkts_sent");
    }

    @Test
    void shouldNameEveryMissingField() {
        // when
        String reason = rejectionReason("{}".getBytes(UTF_8));

        // then
        assertThat(reason).contains("missing fields").contains("src_ip", "timestamp");
        Metric.ALL.forEach(metric -> assertThat(reason).contains(metric.wireName()));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "allow         | null                         | null",
        "src_ip        | null                         | null",
        "timestamp     | null                         | null",
        "src_ip        | 46                           | must be a string",
        "drop          | true                         | boolean",
        "frequency     | [1]                          | array",
        "pkts_sent     | {\"value\":1}                | object",
        "bytesin       | \"many\"                     | not a number",
        "bytesin       | \"\"                         | empty",
        "bytesin       | \" 5\"                       | not a number",
        "bytesin       | \"NaN\"                      | not a number",
        "bytesin       | \"１７\"                     | not a number",
        "bytesin       | \"١\"                        | not a number",
        "bytesin       | \"Infinity\"                 | not a number",
        "bytesout      | -1                           | negative",
        "bytesout      | \"-1\"                       | negative",
        "unq_dst_port  | \"1.5\"                      | fractional",
        "unq_dst_port  | 1.5                          | fractional",
        "unq_dst_port  | 1e-400                       | fractional",
        "unq_dst_ip    | \"99999999999999999999\"     | beyond 64 bits",
        "unq_dst_ip    | 99999999999999999999         | beyond 64 bits",
        "unq_dst_ip    | \"9223372036854775808\"      | beyond 64 bits",
        "unq_dst_ip    | 1e400                        | beyond 64 bits",
    })
    void shouldRejectABadFieldValueNamingTheFieldAndTheProblem(String field, String raw, String problem) {
        // when
        String reason = rejectionReason(with(field, raw));

        // then
        assertThat(reason).contains(field).contains(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "01.2.3.4", "not-an-ip", "fe80::1%eth0", ""})
    void shouldRejectAnInvalidSourceIpQuotingIt(String ip) {
        // when
        String reason = rejectionReason(with("src_ip", "\"" + ip + "\""));

        // then
        assertThat(reason).contains("src_ip '" + ip + "'").contains("not an IPv4 or IPv6 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2022-01-03", "2022-13-03 08:00:00", "2022-01-03 25:00:00", "2022-02-30 10:00:00", "2022-01-03 24:00:00", "2022-02-29T10:00:00", "03/01/2022 08:00:00", ""})
    void shouldRejectAnUnreadableTimestampQuotingIt(String timestamp) {
        // when
        String reason = rejectionReason(with("timestamp", "\"" + timestamp + "\""));

        // then
        assertThat(reason).contains("timestamp '" + timestamp + "'").contains("ISO-8601");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1969-12-31 23:59:59", "1970-01-01T00:59:59+01:00", "0001-01-01T00:00:00Z"})
    void shouldRejectATimestampBefore1970(String timestamp) {
        // when
        String reason = rejectionReason(with("timestamp", "\"" + timestamp + "\""));

        // then
        assertThat(reason).contains("timestamp '" + timestamp + "'").contains("before 1970");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+300000000-01-01T00:00:00Z", "+300000000-01-01T00:00:00", "+999999999-12-31T23:59:59Z"})
    void shouldRejectATimestampBeyondEpochMillisecondRange(String timestamp) {
        // when
        String reason = rejectionReason(with("timestamp", "\"" + timestamp + "\""));

        // then
        assertThat(reason).contains("timestamp '" + timestamp + "'").contains("out of range");
    }

    @Test
    void shouldRejectADuplicateKey() {
        // given: a second src_ip that would otherwise silently win
        String text = new String(json(baseFields()), UTF_8).replaceFirst("}$", ",\"src_ip\":\"1.2.3.4\"}");

        // when
        String reason = rejectionReason(text.getBytes(UTF_8));

        // then
        assertThat(reason).containsIgnoringCase("duplicate").contains("src_ip");
    }

    @Test
    void shouldRejectTruncatedJson() {
        // given
        byte[] whole = json(baseFields());
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);

        // when
        String reason = rejectionReason(truncated);

        // then
        assertThat(reason).startsWith("malformed JSON").containsIgnoringCase("end-of-input");
    }

    @Test
    void shouldRejectABareNaN() {
        // when
        String reason = rejectionReason(with("bytesin", "NaN"));

        // then
        assertThat(reason).startsWith("malformed JSON").contains("NaN");
    }

    @Test
    void shouldRejectAnEmptyValue() {
        // when
        String empty = rejectionReason(new byte[0]);
        String absent = rejectionReason(null);
        String blank = rejectionReason("  \n".getBytes(UTF_8));

        // then
        assertThat(empty).isEqualTo("empty value");
        assertThat(absent).isEqualTo("empty value");
        assertThat(blank).contains("no content");
    }

    @Test
    void shouldRejectAValueOverOneMebibyteWithoutParsingIt() {
        // given: a valid record padded with whitespace to one byte over the limit
        byte[] record = json(baseFields());
        byte[] padded = (new String(record, UTF_8) + " ".repeat(IpLogCodec.MAX_VALUE_BYTES + 1 - record.length)).getBytes(UTF_8);

        // when
        String reason = rejectionReason(padded);

        // then
        assertThat(padded).hasSize(1024 * 1024 + 1);
        assertThat(reason).contains(String.valueOf(padded.length)).contains("1048576-byte limit");
    }

    @Test
    void shouldRejectAMillionDigitCountAsTooLongWithoutReadingItsDigits() {
        // given: a numeric string whose BigDecimal parse alone takes seconds (quadratic in the digits)
        byte[] value = with("bytesin", "\"" + "9".repeat(1_000_000) + "\"");

        // when
        String reason = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> rejectionReason(value));

        // then
        assertThat(reason).isEqualTo("field bytesin has 1000000 characters, too long for a 64-bit count");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "100 | Number value length (100) exceeds the maximum allowed (64)",
        "0   | Document nesting depth (33) exceeds the maximum allowed (32)",
    })
    void shouldNameTheParserLimitThatWellFormedJsonExceeds(int digits, String limit) {
        // given: a count of 100 digits, or an unknown field nested 1000 deep
        byte[] value = digits > 0 ? with("bytesin", "1".repeat(digits))
                : with("comment", "[".repeat(1000) + "]".repeat(1000));

        // when
        String reason = rejectionReason(value);

        // then: well-formed JSON is not called malformed, and the reason names the limit without Jackson's internals
        assertThat(reason).isEqualTo("JSON beyond the reader's limits: " + limit);
    }

    @Test
    void shouldRejectATopLevelArray() {
        // when
        String reason = rejectionReason(("[" + new String(json(baseFields()), UTF_8) + "]").getBytes(UTF_8));

        // then
        assertThat(reason).contains("expected a JSON object").contains("array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n%s", " 5", " \"x\"", "[]"})
    void shouldRejectContentAfterTheObject(String trailer) {
        // given: JSON Lines, say: two records in one value
        String record = new String(json(baseFields()), UTF_8);
        String value = record + String.format(trailer, record);

        // when
        String reason = rejectionReason(value.getBytes(UTF_8));

        // then
        assertThat(reason).isEqualTo(IpLogCodec.TRAILING_CONTENT);
    }

    // ---- canonical form ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void shouldRoundTripThroughTheCanonicalJson(Path file) throws Exception {
        // given
        IpLog original = codec.parse(SeedData.read(file).getBytes(UTF_8));

        // when
        IpLog reparsed = codec.parse(codec.toJson(original));

        // then
        assertThat(reparsed).isEqualTo(original);
    }

    @Test
    void shouldRoundTripExtremeValuesAndIpv6() throws Exception {
        // given
        long[] values = Metric.ALL.stream().mapToLong(m -> m.ordinal() % 2 == 0 ? Long.MAX_VALUE : 0).toArray();
        IpLog original = new IpLog("2001:db8::1:0:0:1", 1_641_196_800_123L, values);

        // when
        IpLog reparsed = codec.parse(codec.toJson(original));

        // then
        assertThat(reparsed).isEqualTo(original);
    }

    @Test
    void shouldWriteNumbersAsNumbersAndTheTimestampAsAnIsoInstant() throws Exception {
        // given
        IpLog log = new IpLogCodec(ZoneId.of("Europe/Istanbul")).parse(with("src_ip", "\"::FFFF:46.39.79.251\""));

        // when
        JsonNode written = PLAIN.readTree(codec.toJson(log));

        // then
        assertThat(written.get("src_ip").asText()).isEqualTo("46.39.79.251");
        assertThat(written.get("timestamp").asText()).isEqualTo("2022-01-03T05:00:00Z");
        for (Metric metric : Metric.ALL) {
            assertThat(written.get(metric.wireName()).isIntegralNumber()).as(metric.wireName()).isTrue();
        }
        assertThat(written.get("allow").asLong()).isEqualTo(17);
        assertThat(fieldNames(written)).hasSize(Metric.ALL.size() + 2);
    }

    // ---- CSV-style fields ---------------------------------------------------------------------

    @Test
    void shouldBuildTheSameRecordFromACsvRowAsFromTheJsonOfThatRow() throws Exception {
        // given: the first row of data/logs.csv is example_files/1.json
        Map<String, String> row = SeedData.csvRows().get(0);

        // when
        IpLog fromCsv = codec.fromFields(row);

        // then
        assertThat(fromCsv).isEqualTo(codec.parse(SeedData.read(FIRST_EXAMPLE).getBytes(UTF_8)));
    }

    @Test
    void shouldAcceptEveryRowOfTheSeedCsv() throws Exception {
        // given
        List<Map<String, String>> rows = SeedData.csvRows();

        // when
        int accepted = 0;
        for (Map<String, String> row : rows) {
            codec.fromFields(row);
            accepted++;
        }

        // then
        assertThat(accepted).isEqualTo(4950);
    }

    @ParameterizedTest(name = "[{index}] {0}={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "<absent>", value = {
        "drop       | <absent>             | missing field drop",
        "src_ip     | <absent>             | missing field src_ip",
        "timestamp  | <absent>             | missing field timestamp",
        "allow      | ''                   | empty",
        "allow      | many                 | not a number",
        "allow      | -2                   | negative",
        "allow      | 1.5                  | fractional",
        "allow      | 99999999999999999999 | beyond 64 bits",
        "src_ip     | 256.1.1.1            | not an IPv4 or IPv6 address",
        "timestamp  | 2022-01-03           | ISO-8601",
        "timestamp  | 1969-12-31 23:00:00  | before 1970",
    })
    void shouldApplyTheJsonRulesToCsvFields(String field, String value, String problem) {
        // given
        Map<String, String> row = new LinkedHashMap<>(SeedData.csvRows().get(0));
        row.put(field, value);

        // when
        InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class, () -> codec.fromFields(row));

        // then
        assertThat(e).as("rejection of %s=%s", field, value).isNotNull();
        assertThat(e.reason()).contains(field).contains(problem);
    }

    @Test
    void shouldAcceptWholeNumbersWithAFractionInCsvFields() throws Exception {
        // given
        Map<String, String> row = new LinkedHashMap<>(SeedData.csvRows().get(0));
        row.put("unq_dst_port", "3.0");

        // when
        IpLog log = codec.fromFields(row);

        // then
        assertThat(log.value(Metric.UNQ_DST_PORT)).isEqualTo(3);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The fields of example_files/1.json as raw JSON value texts, in file order. */
    private static Map<String, String> baseFields() {
        try {
            JsonNode tree = PLAIN.readTree(SeedData.read(FIRST_EXAMPLE));
            Map<String, String> fields = new LinkedHashMap<>();
            tree.properties().forEach(e -> fields.put(e.getKey(), e.getValue().toString()));
            return fields;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(Map<String, String> rawFields) {
        return rawFields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"))
                .getBytes(UTF_8);
    }

    private static byte[] with(String field, String rawValue) {
        Map<String, String> fields = baseFields();
        fields.put(field, rawValue);
        return json(fields);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private String rejectionReason(byte[] value) {
        InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class, () -> codec.parse(value));
        assertThat(e).as("rejection of %s", value == null ? null : Texts.clip(new String(value, UTF_8))).isNotNull();
        return e.reason();
    }
}

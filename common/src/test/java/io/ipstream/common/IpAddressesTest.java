package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"46.39.79.251", "229.46.205.74", "187.44.158.33", "0.0.0.0", "255.255.255.255", "10.0.0.1"})
    void shouldKeepValidIpv4Unchanged(String ip) {
        // when
        String canonical = IpAddresses.canonical(ip);

        // then
        assertThat(canonical).isEqualTo(ip);
        assertThat(IpAddresses.isValid(ip)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "01.2.3.4          | leading zero",
        "1.2.3.00          | leading zero",
        "1.2.3.256         | not 0-255",
        "1.2.3.1000        | not 0-255",
        "1.2.3             | dotted-quad",
        "1.2.3.4.5         | dotted-quad",
        "1.2..4            | not 0-255",
        "1.2.3.a           | character 'a'",
        "'1.2.3.4 '        | character ' '",
        "-1.2.3.4          | character '-'",
        "\uff11.2.3.4      | \\uff11",
        "1.2.3.\u0664      | \\u0664",
    })
    void shouldRejectMalformedIpv4NamingTheProblem(String text, String reason) {
        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> IpAddresses.canonical(text))
                .withMessageContaining(reason);
        assertThat(IpAddresses.isValid(text)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void shouldRejectEmptyText(String text) {
        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> IpAddresses.canonical(text))
                .withMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.1.1.1"})
    void shouldRejectOverlongTextBeforeParsingIt(String unit) {
        // given: longer than the longest IP literal (45 characters)
        String text = unit.repeat(60 / unit.length());

        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> IpAddresses.canonical(text))
                .withMessageContaining("longer than any IP address");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2001:DB8::1                   | 2001:db8::1",
        "2001:0db8:0:0:0:0:0:1         | 2001:db8::1",
        "2001:db8::0:1                 | 2001:db8::1",
        "::1                           | ::1",
        "::                            | ::",
        "0:0:0:0:0:0:0:0               | ::",
        "1:0:0:0:0:0:0:0               | 1::",
        "FE80::ABCD                    | fe80::abcd",
        "2001:db8:0:1:1:1:1:1          | 2001:db8:0:1:1:1:1:1",
        "2001:db8:0:1:0:0:0:1          | 2001:db8:0:1::1",
        "::ffff:1.2.3.4                | 1.2.3.4",
        "::FFFF:46.39.79.251           | 46.39.79.251",
    })
    void shouldCanonicaliseIpv6ToRfc5952(String text, String expected) {
        // when
        String canonical = IpAddresses.canonical(text);

        // then
        assertThat(canonical).isEqualTo(expected);
    }

    @Test
    void shouldGiveTextualVariantsOfOneIpv6AddressOneIdentity() {
        // given
        Stream<String> variants = Stream.of("2001:DB8::1", "2001:0db8:0:0:0:0:0:1", "2001:db8::0:1", "2001:0DB8:0000::0001");

        // when / then
        assertThat(variants.map(IpAddresses::canonical)).containsOnly("2001:db8::1");
    }

    @Test
    void shouldCompressTheFirstOfEquallyLongZeroRuns() {
        // when
        String canonical = IpAddresses.canonical("2001:db8:0:0:1:0:0:1");

        // then
        assertThat(canonical).isEqualTo("2001:db8::1:0:0:1");
    }

    @Test
    void shouldBeIdempotent() {
        // given
        String canonical = IpAddresses.canonical("2001:0DB8:0:0:1:0:0:1");

        // when / then
        assertThat(IpAddresses.canonical(canonical)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "fe80::1%eth0", "fe80::1%1", "[::1]", "1::2::3", "12345::1", "2001:db8::g", "1:2:3:4:5:6:7:8:9",
        "2001:db8::1:", ":1", "::ffff:01.2.3.4", "::ffff:1.2.3.256", "1.2.3.4::", "::\uff11", "localhost", "example.com",
    })
    void shouldRejectMalformedIpv6AndHostNames(String text) {
        // when / then
        assertThatIllegalArgumentException().isThrownBy(() -> IpAddresses.canonical(text));
    }
}

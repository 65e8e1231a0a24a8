package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterValueTest {

    @Test
    void shouldKeepAValueUpToTheLimitWhole() {
        // given
        byte[] atLimit = new byte[IpLogCodec.MAX_VALUE_BYTES];
        Arrays.fill(atLimit, (byte) 'x');
        Headers headers = new RecordHeaders();

        // when
        byte[] kept = DeadLetterValue.bounded(atLimit, headers);

        // then
        assertThat(kept).isSameAs(atLimit);
        assertThat(headers.lastHeader(DeadLetterHeaders.ORIGINAL_SIZE)).isNull();
    }

    @Test
    void shouldCutALargerValueToTheLimitAndNameItsOriginalSize() {
        // given: ten mebibytes, which a compressed batch can carry past the broker's 1 MiB limit
        byte[] huge = new byte[10 * 1024 * 1024];
        huge[0] = '{';
        Headers headers = new RecordHeaders();

        // when
        byte[] kept = DeadLetterValue.bounded(huge, headers);

        // then
        assertThat(kept).hasSize(IpLogCodec.MAX_VALUE_BYTES).startsWith((byte) '{');
        assertThat(new String(headers.lastHeader(DeadLetterHeaders.ORIGINAL_SIZE).value(), StandardCharsets.UTF_8))
                .isEqualTo(Integer.toString(huge.length));
    }

    @Test
    void shouldDropASizeHeaderTheInputCarriedAndKeepANullValueNull() {
        // given: a producer that set our header itself
        Headers headers = new RecordHeaders().add(DeadLetterHeaders.ORIGINAL_SIZE, "5".getBytes(StandardCharsets.UTF_8));

        // when
        byte[] kept = DeadLetterValue.bounded(null, headers);

        // then
        assertThat(kept).isNull();
        assertThat(headers.headers(DeadLetterHeaders.ORIGINAL_SIZE)).extracting(Header::key).isEmpty();
    }

    @Test
    void shouldKeepSmallHeadersAndAShortKeyAsTheyAre() {
        // given
        Headers headers = new RecordHeaders().add("trace", "abc".getBytes(StandardCharsets.UTF_8));

        // when
        Headers kept = DeadLetterValue.boundedHeaders(headers, "203.0.113.9");

        // then
        assertThat(kept.toArray()).extracting(Header::key).containsExactly("trace");
        assertThat(DeadLetterValue.boundedKey("203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void shouldDropHeadersTooLargeToKeepAndCutAHugeKeyNamingWhatWasCut() {
        // given: two headers of a mebibyte each and a key of two million characters
        byte[] mebibyte = new byte[1024 * 1024];
        Headers headers = new RecordHeaders().add("a", mebibyte).add("b", mebibyte);
        String key = "k".repeat(2_000_000);

        // when
        Headers kept = DeadLetterValue.boundedHeaders(headers, key);
        String keptKey = DeadLetterValue.boundedKey(key);

        // then: none of the producer's headers, their number, the key's first characters and its length
        assertThat(kept.lastHeader("a")).isNull();
        assertThat(new String(kept.lastHeader(DeadLetterHeaders.DROPPED_HEADERS).value(), StandardCharsets.UTF_8)).isEqualTo("2");
        assertThat(new String(kept.lastHeader(DeadLetterHeaders.ORIGINAL_KEY_LENGTH).value(), StandardCharsets.UTF_8)).isEqualTo("2000000");
        assertThat(keptKey).hasSize(DeadLetterValue.MAX_KEY_CHARS).isEqualTo(key.substring(0, DeadLetterValue.MAX_KEY_CHARS));
        assertThat(keptKey.getBytes(StandardCharsets.UTF_8).length + DeadLetterValue.MAX_HEADER_BYTES + IpLogCodec.MAX_VALUE_BYTES)
                .isLessThan(DeadLetterValue.MAX_RECORD_BYTES);
    }
}

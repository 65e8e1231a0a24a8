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
}

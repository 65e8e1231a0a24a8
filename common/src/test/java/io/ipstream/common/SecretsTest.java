package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretsTest {
    static Stream<Arguments> connectionStrings() {
        return Stream.of(
                Arguments.of("redis://:s3cret@redis:6379", "redis://***@redis:6379"),
                Arguments.of("rediss://default:s3cret@redis:6380/0", "rediss://***@redis:6380/0"),
                Arguments.of("redis://s3cret@redis", "redis://***@redis"),
                Arguments.of("jdbc:postgresql://db:5432/ipstream?user=ipstream&password=s3cret&sslmode=require",
                        "jdbc:postgresql://db:5432/ipstream?user=ipstream&password=***&sslmode=require"),
                Arguments.of("jdbc:postgresql://db/ipstream?sslpassword=s3cret", "jdbc:postgresql://db/ipstream?sslpassword=***"),
                Arguments.of("postgres://ipstream:s3cret@db:5432/ipstream", "postgres://***@db:5432/ipstream"),
                Arguments.of("redis://127.0.0.1:6379", "redis://127.0.0.1:6379"),
                Arguments.of("jdbc:postgresql://127.0.0.1:5432/postgres", "jdbc:postgresql://127.0.0.1:5432/postgres"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("connectionStrings")
    void shouldMaskPasswordsAndLeaveTheAddress(String url, String shown) {
        // when
        String redacted = Secrets.redact(url);

        // then
        assertThat(redacted).isEqualTo(shown).doesNotContain("s3cret");
    }
}

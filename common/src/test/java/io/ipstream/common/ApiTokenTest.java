package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTokenTest {
    private static final String SECRET = UUID.randomUUID().toString();

    @TempDir
    Path dir;

    @Test
    void shouldAcceptOnlyTheBearerSchemeWithExactlyTheToken() {
        // given
        ApiToken token = ApiToken.of(SECRET, "test");

        // then
        assertThat(token.accepts("Bearer " + SECRET)).isTrue();
        assertThat(token.accepts("bearer " + SECRET)).isTrue();
        for (String wrong : Arrays.asList(null, "", "Bearer", "Bearer ", SECRET, "Basic " + SECRET, "Bearer " + SECRET + "0",
                "Bearer " + SECRET.substring(1), "Bearer " + SECRET.toUpperCase(), "Bearer " + UUID.randomUUID(), "Bearer" + SECRET)) {
            assertThat(token.accepts(wrong)).as(wrong).isFalse();
        }
    }

    @Test
    void shouldLetEveryRequestInAndSendNothingWithoutAToken() {
        // when
        HttpRequest request = ApiToken.NONE.authorize(HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/"))).build();

        // then
        assertThat(ApiToken.NONE.enabled()).isFalse();
        assertThat(ApiToken.NONE.accepts(null)).isTrue();
        assertThat(request.headers().firstValue("Authorization")).isEmpty();
    }

    @Test
    void shouldSendTheTokenAsABearerHeader() {
        // when
        HttpRequest request = ApiToken.of(SECRET, "test").authorize(HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/"))).build();

        // then
        assertThat(request.headers().firstValue("Authorization")).contains("Bearer " + SECRET);
    }

    @Test
    void shouldReadTheTokenFromAFileWithoutItsFinalNewline() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("token"), SECRET + "\n");

        // when
        ApiToken token = ApiToken.read(file, "--api-token-file");

        // then
        assertThat(token.accepts("Bearer " + SECRET)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "short-token", "has a space in the middle of it", "non-ascii-token-\u00e9\u00e9\u00e9\u00e9\u00e9", "line\nbreak-in-the-token-0123"})
    void shouldRefuseATokenTooShortOrUnfitForAHeaderWithoutQuotingIt(String text) {
        assertThatThrownBy(() -> ApiToken.of(text, "env IPSTREAM_API_TOKEN")).isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("env IPSTREAM_API_TOKEN: ").hasMessageContaining("at least 16");
    }

    @Test
    void shouldNameAFileItCannotReadAsAConfigError() {
        // given
        Path missing = dir.resolve("absent");

        // then
        assertThatThrownBy(() -> ApiToken.read(missing, "--api-token-file")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("--api-token-file").hasMessageContaining(missing.toString());
    }

    @Test
    void shouldNeverPrintTheToken() {
        assertThat(ApiToken.of(SECRET, "test").toString()).doesNotContain(SECRET).isEqualTo("ApiToken[***]");
    }
}

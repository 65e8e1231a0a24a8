package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    static Stream<Arguments> writtenDurations() {
        return Stream.of(
                Arguments.of("90s", Duration.ofSeconds(90)),
                Arguments.of("15m", Duration.ofMinutes(15)),
                Arguments.of("6h", Duration.ofHours(6)),
                Arguments.of("7d", Duration.ofDays(7)),
                Arguments.of("PT1H", Duration.ofHours(1)),
                Arguments.of("P7D", Duration.ofDays(7)),
                Arguments.of("pt0.5s", Duration.ofMillis(500)),
                Arguments.of(" 15M ", Duration.ofMinutes(15)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" = {1}")
    @MethodSource("writtenDurations")
    void shouldParseShortAndIsoForms(String text, Duration expected) {
        // when
        Duration parsed = Durations.parse(text);

        // then
        assertThat(parsed).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7x", "", "-", "7", "s", "d7", "1.5h", "7 d", "P", "PT"})
    void shouldRejectWhatIsNotADurationQuotingIt(String text) {
        // when / then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("'" + text + "' is not a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"90s", "15m", "6h", "7d", "1s", "3601s", "25h", "61m"})
    void shouldFormatAShortFormBackToItself(String text) {
        // when
        String formatted = Durations.format(Durations.parse(text));

        // then
        assertThat(formatted).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT1H", "PT1.5S", "PT0.001S", "PT0S", "PT-5M", "P400D", "PT1H0.5S"})
    void shouldFormatAnyDurationToTextThatParsesBackToIt(String iso) {
        // given
        Duration duration = Duration.parse(iso);

        // when
        Duration reparsed = Durations.parse(Durations.format(duration));

        // then
        assertThat(reparsed).isEqualTo(duration);
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    @Test
    void shouldTakeTheFlagOverTheEnvironmentAndTheEnvironmentOverTheDefault() {
        // given
        Map<String, String> jsonEnv = Map.of(LogFormat.ENV, "json");

        // then: default, environment, both spellings of the flag, the last flag winning, a flag without value ignored
        assertThat(LogFormat.chosen(new String[] {"streams"}, Map.of())).isEqualTo("text");
        assertThat(LogFormat.chosen(new String[] {"streams"}, jsonEnv)).isEqualTo("json");
        assertThat(LogFormat.chosen(new String[] {"streams", "--log-format", "text"}, jsonEnv)).isEqualTo("text");
        assertThat(LogFormat.chosen(new String[] {"--log-format=json", "streams"}, Map.of())).isEqualTo("json");
        assertThat(LogFormat.chosen(new String[] {"--log-format", "json", "demo", "--log-format=text"}, Map.of())).isEqualTo("text");
        assertThat(LogFormat.chosen(new String[] {"demo", "--log-format"}, jsonEnv)).isEqualTo("json");
    }
}

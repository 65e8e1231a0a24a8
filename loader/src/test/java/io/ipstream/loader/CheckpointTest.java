package io.ipstream.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipstream.common.ConfigError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void shouldAdvanceOnlyOverAContiguousPrefixOfAcknowledgements() {
        // given
        Checkpoint checkpoint = Checkpoint.open(dir.resolve("cp"), "/data/logs.csv", "abc");
        Runnable first = checkpoint.track("2");
        Runnable second = checkpoint.track("3");
        Runnable third = checkpoint.track("4");

        // when: the third and first are acknowledged, the second not yet
        third.run();
        first.run();
        checkpoint.save();

        // then: a re-run resumes after the first only
        assertThat(Checkpoint.open(dir.resolve("cp"), "/data/logs.csv", "abc").resumeAfter()).isEqualTo("2");

        // when: the second arrives
        second.run();
        checkpoint.save();

        // then
        assertThat(Checkpoint.open(dir.resolve("cp"), "/data/logs.csv", "abc").resumeAfter()).isEqualTo("4");
    }

    @Test
    void shouldStartFromTheBeginningWithoutAFile() {
        // when
        Checkpoint checkpoint = Checkpoint.open(dir.resolve("absent"), "stdin", null);

        // then
        assertThat(checkpoint.resumeAfter()).isNull();
        checkpoint.save();
        assertThat(Files.exists(dir.resolve("absent"))).isFalse();
    }

    @Test
    void shouldRefuseACheckpointOfAnotherInput() {
        // given
        Checkpoint checkpoint = Checkpoint.open(dir.resolve("cp"), "/data/a.csv", "abc");
        checkpoint.track("2").run();
        checkpoint.save();

        // when / then
        assertThatThrownBy(() -> Checkpoint.open(dir.resolve("cp"), "/data/b.csv", "abc"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("belongs to /data/a.csv, not /data/b.csv");
    }

    @Test
    void shouldReportACorruptFileAsAConfigurationError() throws Exception {
        // given
        Files.writeString(dir.resolve("cp"), "{ not json");

        // when / then
        assertThatThrownBy(() -> Checkpoint.open(dir.resolve("cp"), "/data/a.csv", "abc"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("is unreadable").hasMessageContaining("delete it to start over");
    }

    @Test
    void shouldRefuseToResumeAFileWhoseBeginningChanged() {
        // given
        Checkpoint checkpoint = Checkpoint.open(dir.resolve("cp"), "/data/a.csv", "before");
        checkpoint.track("2").run();
        checkpoint.save();

        // when / then
        assertThatThrownBy(() -> Checkpoint.open(dir.resolve("cp"), "/data/a.csv", "after"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("has changed since it was written");
    }
}

package io.ipstream.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpLogCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordSourcesTest {
    private static final Path EXAMPLES = Path.of("..", "example_files");
    private static final Path LOGS_CSV = Path.of("..", "data", "logs.csv");
    private final RecordSources sources = new RecordSources(new IpLogCodec(ZoneOffset.UTC));

    @TempDir
    Path dir;

    @Test
    void shouldReadADirectoryInNumericFileNameOrder() {
        // when
        List<InputRecord> records = RecordSources.readAll(sources.directory(EXAMPLES, null));

        // then
        assertThat(records).hasSize(100);
        assertThat(records).extracting(InputRecord::marker).startsWith("1.json", "2.json", "3.json").endsWith("99.json", "100.json");
    }

    @Test
    void shouldResumeADirectoryAfterTheCheckpointedFile() {
        // when
        RecordSource source = sources.directory(EXAMPLES, "10.json");
        List<InputRecord> records = RecordSources.readAll(source);

        // then
        assertThat(records).hasSize(90);
        assertThat(records.get(0).marker()).isEqualTo("11.json");
        assertThat(source.skipped()).isEqualTo(10);
    }

    @Test
    void shouldResumeACsvAfterTheCheckpointedLineWithoutReadingEarlierRowsAgain() {
        // when
        RecordSource source = sources.csv(LOGS_CSV, "4001");
        List<InputRecord> records = RecordSources.readAll(source);

        // then: rows are lines 2..4951; lines 2..4001 are skipped
        assertThat(records).hasSize(950);
        assertThat(records.get(0).origin()).endsWith("logs.csv:4002");
        assertThat(source.skipped()).isEqualTo(4000);
        assertThat(records).allMatch(InputRecord::isValid);
    }

    @Test
    void shouldReportProgressAsTheFractionOfBytesRead() {
        // given
        RecordSource source = sources.csv(LOGS_CSV, null);

        // when
        for (int i = 0; i < 2475; i++) {
            source.next();
        }

        // then
        assertThat(source.progress()).isBetween(0.45, 0.55);
        source.close();
    }

    @Test
    void shouldKeepTheOriginalBytesOfARejectedLine() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("x.jsonl"), "{\"a\":1}\n{\"b\":2}\n");

        // when
        List<InputRecord> records = RecordSources.readAll(sources.jsonFile(file, null));

        // then
        assertThat(records).hasSize(2).noneMatch(InputRecord::isValid);
        assertThat(new String(records.get(1).original())).isEqualTo("{\"b\":2}");
        assertThat(records.get(1).origin()).isEqualTo(file + ":2");
    }

    @Test
    void shouldKeepReadingJsonLinesWhenTheFirstLineIsCutOff() throws Exception {
        // given: a JSON Lines file whose first line was truncated
        String good = Files.readString(EXAMPLES.resolve("1.json"));
        Path file = Files.writeString(dir.resolve("cut.jsonl"), good.substring(0, 40) + "\n" + good + "\n" + good.replace("08:00", "09:00") + "\n");

        // when
        List<InputRecord> records = RecordSources.readAll(sources.jsonFile(file, null));

        // then: one rejected line, two good ones
        assertThat(records).hasSize(3);
        assertThat(records.get(0).isValid()).isFalse();
        assertThat(records.subList(1, 3)).allMatch(InputRecord::isValid);
    }

    @Test
    void shouldReadAPrettyPrintedObjectAsOneRecord() throws Exception {
        // given
        String good = Files.readString(EXAMPLES.resolve("1.json"));
        Path file = Files.writeString(dir.resolve("pretty.json"), good.replace("{", "{\n  ").replace(",", ",\n  ").replace("}", "\n}"));

        // when
        List<InputRecord> records = RecordSources.readAll(sources.jsonFile(file, null));

        // then
        assertThat(records).hasSize(1).allMatch(InputRecord::isValid);
    }
}

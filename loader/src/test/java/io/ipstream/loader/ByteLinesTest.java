package io.ipstream.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteLinesTest {

    private static int naiveIndexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void shouldFindTheFirstNewlineWhereverItFallsInAWord() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 50_000; i++) {
            // given: bytes of every value, newlines rare or dense, any range
            byte[] bytes = new byte[random.nextInt(40)];
            int newlineOdds = 1 + random.nextInt(30);
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = random.nextInt(newlineOdds) == 0 ? (byte) '\n' : (byte) random.nextInt(256);
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);

            // when / then
            assertThat(ByteLines.indexOfNewline(bytes, from, to)).isEqualTo(naiveIndexOfNewline(bytes, from, to));
        }
    }

    @Test
    void shouldSplitLinesAcrossBufferRefillsKeepingCarriageReturnsOut() throws IOException {
        // given: lines longer than the first buffer, LF and CRLF endings, no final newline
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 200; i++) {
            String line = "x".repeat(random.nextInt(3_000)) + i;
            expected.add(line);
            text.append(line).append(i == 199 ? "" : random.nextBoolean() ? "\n" : "\r\n");
        }

        // when
        List<String> lines = new ArrayList<>();
        try (ByteLines reader = new ByteLines(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.US_ASCII)))) {
            for (byte[] line; (line = reader.next()) != null; ) {
                lines.add(new String(line, StandardCharsets.US_ASCII));
            }
        }

        // then
        assertThat(lines).isEqualTo(expected);
    }
}

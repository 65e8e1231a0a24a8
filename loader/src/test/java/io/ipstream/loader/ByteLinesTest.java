package io.ipstream.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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

    /** A stream that hands out 1 to 100 bytes per read, as pipes and sockets may. */
    private static InputStream inSmallReads(byte[] bytes, SplittableRandom random) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(length, 1 + random.nextInt(100)));
            }
        };
    }

    @Test
    void shouldSplitLinesAcrossShortReadsAndBufferGrowthKeepingCarriageReturnsOut() throws IOException {
        // given: short and long lines (one over the 64 KiB first buffer), LF and CRLF endings, no final newline
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 200; i++) {
            String line = "x".repeat(i == 100 ? 70_000 + random.nextInt(10_000) : random.nextInt(3_000)) + i;
            expected.add(line);
            text.append(line).append(i == 199 ? "" : random.nextBoolean() ? "\n" : "\r\n");
        }

        // when
        List<String> lines = new ArrayList<>();
        try (ByteLines reader = new ByteLines(inSmallReads(text.toString().getBytes(StandardCharsets.US_ASCII), random))) {
            for (byte[] line; (line = reader.next()) != null; ) {
                lines.add(new String(line, StandardCharsets.US_ASCII));
            }
        }

        // then
        assertThat(lines).isEqualTo(expected);
    }
}

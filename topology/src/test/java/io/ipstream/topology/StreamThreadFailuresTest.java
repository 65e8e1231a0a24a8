package io.ipstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {
    private final AtomicLong clock = new AtomicLong();
    private final StreamThreadFailures failures = new StreamThreadFailures(clock::get);

    private StreamThreadExceptionResponse failOnceAfterMinutes(long minutes) {
        clock.addAndGet(TimeUnit.MINUTES.toNanos(minutes));
        return failures.handle(new KafkaException("the producer failed"));
    }

    @Test
    void shouldReplaceAThreadWhileFailuresAreRareAndShutDownWhenTheyRepeat() {
        // given / when: failures one minute apart
        StreamThreadExceptionResponse first = failOnceAfterMinutes(1);
        StreamThreadExceptionResponse second = failOnceAfterMinutes(1);
        StreamThreadExceptionResponse third = failOnceAfterMinutes(1);
        StreamThreadExceptionResponse fourth = failOnceAfterMinutes(1);

        // then: replaced up to the limit, then the instance stops
        assertThat(first).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(second).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(third).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(fourth).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldForgetReplacementsOlderThanTheWindow() {
        // given: as many replacements as allowed, long ago
        for (int i = 0; i < StreamThreadFailures.MAX_REPLACEMENTS; i++) {
            failOnceAfterMinutes(1);
        }

        // when: the next failure comes after the window has passed for all of them
        StreamThreadExceptionResponse later = failOnceAfterMinutes(StreamThreadFailures.WINDOW.toMinutes() + 1);

        // then
        assertThat(later).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}

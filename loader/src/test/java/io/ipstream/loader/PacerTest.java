package io.ipstream.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --rate N and --speedup X, on a simulated clock: when each record is let through, with no real waiting. */
class PacerTest {
    private static final double NANOS_PER_SECOND = 1e9;
    private static List<IpLog> seed;

    /** A clock that only moves when a pacer waits, by half the wait asked for: a wait may end early. */
    private static final class SimulatedClock implements Pacer.Clock {
        long now = 1_000_000_000L;
        int parks;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkNanos(long nanos) {
            parks++;
            now += (nanos + 1) / 2;
        }
    }

    @BeforeAll
    static void readSeed() {
        seed = RecordSources.readAll(new RecordSources(new IpLogCodec(ZoneOffset.UTC)).csv(Path.of("..", "data", "logs.csv"), null))
                .stream().map(InputRecord::log).toList();
    }

    /** Paces the first {@code count} seed records; returns when each was let through, in seconds after the first. */
    private static List<Double> releaseSeconds(Pacer pacer, SimulatedClock clock, int count) {
        List<Double> released = new ArrayList<>();
        long first = Long.MIN_VALUE;
        for (int n = 0; n < count; n++) {
            pacer.await(n, seed.get(n));
            first = n == 0 ? clock.now : first;
            released.add((clock.now - first) / NANOS_PER_SECOND);
        }
        return released;
    }

    @Test
    void shouldLetRecordsThroughEvenlyAtTheGivenRate() {
        // given: 250 records per second
        SimulatedClock clock = new SimulatedClock();
        Pacer pacer = Pacer.rate(250, clock);

        // when
        List<Double> released = releaseSeconds(pacer, clock, 1000);

        // then: the n-th record goes at n / 250 s, so 1000 records take 4 s
        for (int n = 0; n < released.size(); n++) {
            assertThat(released.get(n)).as("record " + n).isCloseTo(n / 250.0, offset(1e-6));
        }
        assertThat(released.get(999)).isCloseTo(3.996, offset(1e-6));
    }

    @Test
    void shouldNotWaitForARecordThatIsAlreadyLateAtTheGivenRate() {
        // given: 10 records per second, and the sender fell 5 s behind after the first record
        SimulatedClock clock = new SimulatedClock();
        Pacer pacer = Pacer.rate(10, clock);
        pacer.await(0, seed.get(0));
        clock.now += 5 * (long) NANOS_PER_SECOND;
        int parksBefore = clock.parks;

        // when: the next 50 records, all due by then
        for (int n = 1; n <= 50; n++) {
            pacer.await(n, seed.get(n));
        }

        // then
        assertThat(clock.parks).isEqualTo(parksBefore);
    }

    @Test
    void shouldReplayEventTimeSpedUp() {
        // given: the seed's hourly records replayed 3600 times faster (an hour of data per second)
        SimulatedClock clock = new SimulatedClock();
        Pacer pacer = Pacer.speedup(3600, clock);
        int count = 300;

        // when
        List<Double> released = releaseSeconds(pacer, clock, count);

        // then: each record goes when its event time, sped up, is due; records of the same hour go together
        long firstEvent = seed.get(0).timestampMillis();
        for (int n = 0; n < count; n++) {
            double due = (seed.get(n).timestampMillis() - firstEvent) / 1000.0 / 3600;
            assertThat(released.get(n)).as("record " + n + " at " + seed.get(n).timestamp())
                    .isCloseTo(due, offset(1e-6));
        }
        double eventHours = (seed.get(count - 1).timestampMillis() - firstEvent) / 3_600_000.0;
        assertThat(eventHours).as("the sample spans days of data").isGreaterThan(24);
        assertThat(released.get(count - 1)).isCloseTo(eventHours, offset(1e-6));
    }

    @Test
    void shouldNeverWaitWhenUnlimited() {
        // given
        SimulatedClock clock = new SimulatedClock();
        Pacer pacer = Pacer.unlimited();

        // when
        List<Double> released = releaseSeconds(pacer, clock, 1000);

        // then
        assertThat(released).containsOnly(0.0);
        assertThat(clock.parks).isZero();
    }

    @Test
    void shouldReallyWaitOnTheSystemClock() {
        // given: 100 records per second on the real clock
        long start = System.nanoTime();
        Pacer pacer = Pacer.rate(100);

        // when: 21 records, the last due after 0.2 s
        for (int n = 0; n <= 20; n++) {
            pacer.await(n, seed.get(n));
        }

        // then: never early; the upper bound only catches a wrong unit (a second per record, not a benchmark)
        double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
        assertThat(seconds).isGreaterThanOrEqualTo(0.2).isLessThan(10);
    }
}

package io.ipstream.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyTrackerTest {
    @Test
    void shouldCompleteEveryPendingRecordOfTheIpUpToTheCountSeen() {
        // given: three records of one IP and one of another, sent at 0, 10, 20 and 30 ms
        LatencyTracker tracker = new LatencyTracker();
        tracker.sent("10.0.0.1", ms(0));
        tracker.sent("10.0.0.1", ms(10));
        tracker.sent("10.0.0.2", ms(20));
        tracker.sent("10.0.0.1", ms(30));

        // when: the cache coalesced the first two updates of 10.0.0.1 into one with count 2
        tracker.seen("10.0.0.1", 2, ms(100));

        // then: both are complete, the other IP's record and the third are not
        assertThat(tracker.outstanding()).isEqualTo(2);

        // when: a stale update (count 1) arrives late, then the rest
        tracker.seen("10.0.0.1", 1, ms(110));
        tracker.seen("10.0.0.2", 1, ms(120));
        tracker.seen("10.0.0.1", 3, ms(130));

        // then: four latencies, 100, 90, 100 and 100 ms; the stale update completed nothing
        assertThat(tracker.outstanding()).isZero();
        LatencyTracker.Latencies latencies = tracker.take();
        assertThat(latencies.count()).isEqualTo(4);
        assertThat(latencies.p50()).isEqualTo(100.0);
        assertThat(latencies.max()).isEqualTo(100.0);
    }

    @Test
    void shouldKeepCountingAcrossRunsAndForgetTakenLatencies() {
        // given: a first run of one record, taken
        LatencyTracker tracker = new LatencyTracker();
        tracker.sent("10.0.0.1", ms(0));
        tracker.seen("10.0.0.1", 1, ms(5));
        assertThat(tracker.take().count()).isEqualTo(1);

        // when: the next run's record is the IP's second; an output with the first run's count changes nothing
        tracker.sent("10.0.0.1", ms(50));
        tracker.seen("10.0.0.1", 1, ms(60));
        assertThat(tracker.outstanding()).isEqualTo(1);
        tracker.seen("10.0.0.1", 2, ms(70));

        // then: only the second run's latency
        LatencyTracker.Latencies latencies = tracker.take();
        assertThat(latencies.count()).isEqualTo(1);
        assertThat(latencies.max()).isEqualTo(20.0);
    }

    @Test
    void shouldCompleteOneRecordPerRecordReadBack() {
        // given: two records of one IP through the broker alone
        LatencyTracker tracker = new LatencyTracker();
        tracker.sent("10.0.0.1", ms(0));
        tracker.sent("10.0.0.1", ms(1));

        // when: the first is read back
        tracker.seenNext("10.0.0.1", ms(4));

        // then: the second is still outstanding until it is read too
        assertThat(tracker.outstanding()).isEqualTo(1);
        tracker.seenNext("10.0.0.1", ms(6));
        assertThat(tracker.take().p99()).isEqualTo(5.0);
    }

    private static long ms(long millis) {
        return millis * 1_000_000;
    }
}

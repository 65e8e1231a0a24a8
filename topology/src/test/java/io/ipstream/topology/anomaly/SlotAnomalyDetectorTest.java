package io.ipstream.topology.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.Anomaly;
import io.ipstream.common.IpLog;
import io.ipstream.common.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streaming detector on one slot of one IP: quiet noise passes, a spike is flagged, a lasting shift becomes the norm. */
class SlotAnomalyDetectorTest {
    private static final long DAY = 86_400_000L;
    private static final String IP = "198.51.100.7";

    private final SlotAnomalyDetector detector = new SlotAnomalyDetector(AnomalySettings.DEFAULTS);
    private final SplittableRandom random = new SplittableRandom(42);

    /** A day's value of every metric around {@code level}, with +-10% noise. */
    private IpLog day(int day, double level) {
        long[] values = new long[Metric.ALL.size()];
        for (int m = 0; m < values.length; m++) {
            values[m] = Math.round(level * (m + 1) * (0.9 + 0.2 * random.nextDouble()));
        }
        return new IpLog(IP, day * DAY, values);
    }

    @Test
    void shouldPassOrdinaryNoiseAndFlagOnlyTheSpikedMetric() {
        // given: a slot with 30 quiet days
        SlotBaseline baseline = SlotBaseline.empty();
        List<Anomaly> quiet = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            quiet.addAll(detector.judge(day(d, 100), baseline));
        }

        // when: the next day's bytesout is ten times its usual
        IpLog spiked = day(30, 100);
        long[] values = new long[Metric.ALL.size()];
        for (Metric metric : Metric.ALL) {
            values[metric.ordinal()] = spiked.value(metric) * (metric == Metric.BYTESOUT ? 10 : 1);
        }
        List<Anomaly> flagged = detector.judge(new IpLog(IP, spiked.timestampMillis(), values), baseline);

        // then
        assertThat(quiet).isEmpty();
        assertThat(flagged).extracting(Anomaly::metric).containsExactly(Metric.BYTESOUT.wireName());
        assertThat(flagged.get(0).source()).isEqualTo(Anomaly.STREAMING);
        assertThat(flagged.get(0).expected()).isBetween(0.8 * 100 * (Metric.BYTESOUT.ordinal() + 1), 1.2 * 100 * (Metric.BYTESOUT.ordinal() + 1));
    }

    @Test
    void shouldKeepFlaggingALevelShiftUntilItHasLastedAndThenAcceptIt() {
        // given
        SlotBaseline baseline = SlotBaseline.empty();
        for (int d = 0; d < 30; d++) {
            detector.judge(day(d, 100), baseline);
        }

        // when: every metric at five times its level from now on
        List<Integer> flaggedPerDay = new ArrayList<>();
        for (int d = 30; d < 30 + AnomalySettings.DEFAULTS.adaptAfter() + 3; d++) {
            flaggedPerDay.add(detector.judge(day(d, 500), baseline).size());
        }

        // then: flagged on each of the first adaptAfter days, quiet once the slot has accepted the level
        assertThat(flaggedPerDay.subList(0, AnomalySettings.DEFAULTS.adaptAfter())).allMatch(n -> n == Metric.ALL.size());
        assertThat(flaggedPerDay.get(flaggedPerDay.size() - 1)).isZero();
    }

    @Test
    void shouldJudgeNothingBeforeTheSlotHasHistory() {
        // given
        SlotBaseline baseline = SlotBaseline.empty();

        // when: wild values from the first day on
        List<Anomaly> flagged = new ArrayList<>();
        for (int d = 0; d < AnomalySettings.DEFAULTS.minHistory(); d++) {
            flagged.addAll(detector.judge(day(d, d % 2 == 0 ? 1 : 1000), baseline));
        }

        // then
        assertThat(flagged).isEmpty();
    }
}

package io.ipstream.topology.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ipstream.common.IpLog;
import io.ipstream.common.Metric;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Replaying records through the streaming detector, and scoring what it flags against ground truth. */
class AnomalyReplayTest {
    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;
    private static final String IP = "198.51.100.7";
    private static final String OTHER_IP = "198.51.100.8";

    private static AnomalyReplay.ValueKey value(String ip, long timestampMillis, String metric) {
        return new AnomalyReplay.ValueKey(ip, timestampMillis, metric);
    }

    @Test
    void shouldScorePrecisionRecallF1AndTheRecallOfEachKind() {
        // given: four labelled values (two spikes, a drop, a level shift); the detector found one spike and the drop,
        // and flagged two values that are not labelled
        AnomalyReplay.ValueKey spike = value(IP, 0, "bytesin");
        AnomalyReplay.ValueKey missedSpike = value(IP, HOUR, "allow");
        AnomalyReplay.ValueKey drop = value(OTHER_IP, 0, "drop");
        AnomalyReplay.ValueKey shift = value(OTHER_IP, DAY, "bytesout");
        Map<AnomalyReplay.ValueKey, String> truth = Map.of(spike, "spike", missedSpike, "spike", drop, "drop", shift, "level_shift");
        Set<AnomalyReplay.ValueKey> flagged = Set.of(spike, drop, value(IP, 0, "bytesout"), value(OTHER_IP, DAY, "bytesin"));

        // when
        AnomalyReplay.Score score = AnomalyReplay.score(flagged, truth);

        // then: 2 of 4 flagged are labelled, 2 of 4 labelled are flagged
        assertThat(score.flagged()).isEqualTo(4);
        assertThat(score.labelled()).isEqualTo(4);
        assertThat(score.precision()).isCloseTo(0.5, within(1e-12));
        assertThat(score.recall()).isCloseTo(0.5, within(1e-12));
        assertThat(score.f1()).isCloseTo(0.5, within(1e-12));
        assertThat(score.recallByKind()).containsOnlyKeys("spike", "drop", "level_shift");
        assertThat(score.recallByKind().get("spike")).containsExactly(0.5, 1, 2);
        assertThat(score.recallByKind().get("drop")).containsExactly(1.0, 1, 1);
        assertThat(score.recallByKind().get("level_shift")).containsExactly(0.0, 0, 1);
    }

    @Test
    void shouldScoreUnevenPrecisionAndRecallWithTheirHarmonicMean() {
        // given: 3 flagged, all labelled; 6 labelled
        List<AnomalyReplay.ValueKey> labelled = new ArrayList<>();
        for (int hour = 0; hour < 6; hour++) {
            labelled.add(value(IP, hour * HOUR, "frequency"));
        }
        Map<AnomalyReplay.ValueKey, String> truth = new java.util.HashMap<>();
        labelled.forEach(key -> truth.put(key, "level_shift"));

        // when
        AnomalyReplay.Score score = AnomalyReplay.score(Set.copyOf(labelled.subList(0, 3)), truth);

        // then: precision 1, recall 1/2, F1 = 2pr/(p+r) = 2/3
        assertThat(score.precision()).isCloseTo(1.0, within(1e-12));
        assertThat(score.recall()).isCloseTo(0.5, within(1e-12));
        assertThat(score.f1()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void shouldScoreZeroWhenNothingIsFlaggedOrNothingIsLabelled() {
        // given
        Map<AnomalyReplay.ValueKey, String> truth = Map.of(value(IP, 0, "drop"), "drop");

        // when
        AnomalyReplay.Score nothingFlagged = AnomalyReplay.score(Set.of(), truth);
        AnomalyReplay.Score nothingLabelled = AnomalyReplay.score(Set.of(value(IP, 0, "drop")), Map.of());

        // then
        assertThat(nothingFlagged.precision()).isZero();
        assertThat(nothingFlagged.recall()).isZero();
        assertThat(nothingFlagged.f1()).isZero();
        assertThat(nothingLabelled.precision()).isZero();
        assertThat(nothingLabelled.recall()).isZero();
        assertThat(nothingLabelled.recallByKind()).isEmpty();
    }

    @Test
    void shouldJudgeARepeatedRecordOnceAsTheDedupeLetsItThroughOnce() {
        // given: one IP, every hour steady for minHistory + 10 days, then bytesout 50 times its usual at 12:00 on two days running
        List<IpLog> logs = new ArrayList<>();
        int days = AnomalySettings.DEFAULTS.minHistory() + 10;
        for (int day = 0; day <= days + 1; day++) {
            for (int hour = 0; hour < 24; hour++) {
                long[] values = new long[Metric.ALL.size()];
                for (int m = 0; m < values.length; m++) {
                    values[m] = 100L * (m + 1) + (day % 3);
                }
                if (day >= days && hour == 12) {
                    values[Metric.BYTESOUT.ordinal()] *= 50;
                }
                logs.add(new IpLog(IP, day * DAY + hour * HOUR, values));
            }
        }
        // and: the same records with the first spike sent again, more times than it takes an hour to accept a new level
        IpLog firstSpike = logs.get(days * 24 + 12);
        List<IpLog> replayed = new ArrayList<>(logs);
        for (int i = 0; i < AnomalySettings.DEFAULTS.adaptAfter() + 2; i++) {
            replayed.add(days * 24 + 13, firstSpike);
        }

        // when
        Set<AnomalyReplay.ValueKey> once = AnomalyReplay.flag(logs, AnomalySettings.DEFAULTS, ZoneOffset.UTC);
        Set<AnomalyReplay.ValueKey> repeated = AnomalyReplay.flag(replayed, AnomalySettings.DEFAULTS, ZoneOffset.UTC);

        // then: both spikes, and the repeats did not make the first one the hour's new normal
        assertThat(once).containsExactlyInAnyOrder(
                value(IP, days * DAY + 12 * HOUR, Metric.BYTESOUT.wireName()),
                value(IP, (days + 1) * DAY + 12 * HOUR, Metric.BYTESOUT.wireName()));
        assertThat(repeated).isEqualTo(once);
    }
}

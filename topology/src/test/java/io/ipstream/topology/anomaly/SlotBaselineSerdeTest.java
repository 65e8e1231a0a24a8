package io.ipstream.topology.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpLog;
import io.ipstream.common.Metric;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlotBaselineSerdeTest {
    @Test
    void shouldReadBackTheBaselineAStreamOfValuesLeaves() {
        // given: a baseline taught by random records, every ninth after the warm-up anomalous, the last too (a streak)
        SlotBaseline baseline = SlotBaseline.empty();
        SlotAnomalyDetector detector = new SlotAnomalyDetector(AnomalySettings.DEFAULTS);
        SplittableRandom random = new SplittableRandom(5);
        for (int day = 0; day < 45; day++) {
            long[] values = new long[Metric.ALL.size()];
            for (int m = 0; m < values.length; m++) {
                values[m] = day >= 20 && day % 9 == 8 ? 1_000_000 : 100 + random.nextInt(20);
            }
            detector.judge(new IpLog("192.0.2.1", day * 86_400_000L, values), baseline);
        }

        // when
        var serde = SlotBaselineSerde.serde();
        SlotBaseline back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", baseline));

        // then: every count, mean, spread and streak as it was
        assertThat(back).usingRecursiveComparison().isEqualTo(baseline);
        assertThat(baseline.streak()).as("the data produced anomalies in a row").containsAnyOf(1, 2, 3);
    }
}

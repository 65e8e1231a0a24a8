package io.ipstream.topology.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpLog;
import io.ipstream.common.IpStats;
import io.ipstream.common.Metric;
import io.ipstream.common.WindowStats;
import io.ipstream.topology.WindowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WindowPanesTest {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long START = 1_641_168_000_000L; // 2022-01-03T00:00:00Z

    @Test
    void shouldSliceWindowsIntoTheLargestPaneThatDividesEverySizeAndAdvance() {
        // given / when / then
        assertThat(WindowPanes.of(List.of(WindowSpec.parse("1d"), WindowSpec.parse("7d/1d"))).pane()).isEqualTo(Duration.ofDays(1));
        assertThat(WindowPanes.of(List.of(WindowSpec.parse("6h"), WindowSpec.parse("1d/4h"))).pane()).isEqualTo(Duration.ofHours(2));
        assertThat(WindowPanes.of(List.of(WindowSpec.parse("7d")))).extracting(WindowPanes::pane).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldAssembleEveryWindowEqualToTheRecordsItContains() {
        // given: random hourly records over 20 days, kept in 2-hour panes for 6h tumbling and 1d/4h hopping windows
        WindowPanes panes = WindowPanes.of(List.of(WindowSpec.parse("6h"), WindowSpec.parse("1d/4h")));
        SplittableRandom random = new SplittableRandom(11);
        List<IpLog> logs = new ArrayList<>();
        NavigableMap<Long, IpStats> byPane = new TreeMap<>();
        for (long at = START; at < START + 20 * 24 * HOUR; at += HOUR) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            long[] values = new long[Metric.ALL.size()];
            for (int m = 0; m < values.length; m++) {
                values[m] = random.nextLong(1_000_000);
            }
            IpLog log = new IpLog("203.0.113.9", at, values);
            logs.add(log);
            byPane.merge(panes.paneStart(at), IpStats.EMPTY.plus(log), IpStats::merge);
        }

        for (WindowSpec window : panes.windows()) {
            // when
            List<WindowStats> assembled = panes.assemble(window, byPane, START, START + 10 * 24 * HOUR);

            // then: each window's statistics equal those of its records added one by one
            assertThat(assembled).isNotEmpty();
            for (WindowStats stats : assembled) {
                long from = stats.windowStart().toEpochMilli();
                long to = stats.windowEnd().toEpochMilli();
                assertThat(to - from).isEqualTo(window.size().toMillis());
                assertThat(from % window.advance().toMillis()).isZero();
                IpStats direct = IpStats.EMPTY;
                for (IpLog log : logs) {
                    if (log.timestampMillis() >= from && log.timestampMillis() < to) {
                        direct = direct.plus(log);
                    }
                }
                assertThat(stats.stats()).as(window + " from " + stats.windowStart()).isEqualTo(direct);
            }
        }
    }

    @Test
    void shouldFindTheWindowsThatContainAPane() {
        // given
        WindowSpec week = WindowSpec.parse("7d/1d");
        WindowPanes panes = WindowPanes.of(List.of(week));
        long day = Duration.ofDays(1).toMillis();
        long pane = START + 3 * day;

        // when
        List<Long> starts = panes.startsContaining(week, pane);

        // then: the seven windows starting on that day and the six days before
        assertThat(starts).hasSize(7).allSatisfy(start -> assertThat(start).isBetween(pane - 6 * day, pane));
    }
}

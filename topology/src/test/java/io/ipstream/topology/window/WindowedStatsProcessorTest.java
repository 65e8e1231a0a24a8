package io.ipstream.topology.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpLog;
import io.ipstream.common.IpStats;
import io.ipstream.common.IpStatsStoreSerde;
import io.ipstream.common.Metric;
import io.ipstream.common.Stores;
import io.ipstream.common.WindowStats;
import io.ipstream.topology.WindowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A boundary closes every IP's windows at once; the punctuation publishes them a few IPs at a time,
 * within its time budget, each window once, and a processor started again on the same stores (as
 * after a restart, whose stores hold what was committed) picks up after the last IP published.
 */
class WindowedStatsProcessorTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long START = 1_641_168_000_000L; // 2022-01-03T00:00:00Z, a Monday
    private static final Duration GRACE = Duration.ofHours(1);
    private static final WindowSpec ONE_DAY = WindowSpec.parse("1d");
    private static final int IPS = 200;
    /** Each look at the clock finds a millisecond gone: a punctuation has time for about ten IPs. */
    private static final long TICK = Duration.ofMillis(1).toNanos();

    private WindowPanes panes;
    private MockProcessorContext<String, WindowStats> context = new MockProcessorContext<>();
    private long streamTime = START;
    private long nanos;
    /** The budget each punctuation is given: by default a fresh one, as if each ran alone on its thread. */
    private Supplier<CloseBudget> budgets = CloseBudget::new;
    private WindowStore<String, IpStats> paneStore;
    private KeyValueStore<String, Long> closes;
    private KeyValueStore<String, String> progress;
    private final SplittableRandom random = new SplittableRandom(5);
    private final List<String> ips = new ArrayList<>();
    /** Each IP's first-day statistics, computed here from the records sent. */
    private final Map<String, IpStats> firstDay = new TreeMap<>();

    @BeforeEach
    void storesAndIps() {
        for (int i = 0; i < IPS; i++) {
            ips.add("198.51." + (100 + i / 250) + "." + (i % 250 + 1));
        }
        useWindows(List.of(ONE_DAY));
    }

    /** Stores for these window sizes' panes, empty. */
    private void useWindows(List<WindowSpec> windows) {
        panes = WindowPanes.of(windows);
        paneStore = org.apache.kafka.streams.state.Stores.windowStoreBuilder(
                org.apache.kafka.streams.state.Stores.inMemoryWindowStore(Stores.WINDOW_PANES, Duration.ofDays(30), panes.pane(), false),
                Serdes.String(), IpStatsStoreSerde.serde()).withLoggingDisabled().build();
        closes = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.WINDOW_CLOSES), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        progress = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.WINDOW_CLOSE_PROGRESS), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        paneStore.init(context.getStateStoreContext(), paneStore);
        closes.init(context.getStateStoreContext(), closes);
        progress.init(context.getStateStoreContext(), progress);
    }

    @Test
    void shouldPublishEveryClosedWindowOnceAFewIpsAtATimeWithinThePunctuationsBudget() {
        // given: every IP has records on the first day
        WindowedStatsProcessor processor = started();
        sendFirstDay(processor);

        // when: one record of the next day, past the grace period, closes the first day
        List<Published> published = new ArrayList<>(send(processor, ips.get(0), START + DAY + GRACE.toMillis()));

        // then: the record itself publishes nothing, and one punctuation some windows, not all
        assertThat(published).isEmpty();
        List<Published> first = punctuate();
        assertThat(first).isNotEmpty().hasSizeLessThan(IPS);
        published.addAll(first);

        // when: more punctuations follow
        for (int punctuation = 0; punctuation < IPS && published.size() < IPS; punctuation++) {
            published.addAll(punctuate());
        }

        // then: every IP's first day once, equal to its records, in IP order, and nothing more
        assertThat(published).extracting(Published::ip).containsExactlyElementsOf(firstDay.keySet());
        assertThat(published).allSatisfy(each -> assertThat(each.window().stats()).isEqualTo(firstDay.get(each.ip())));
        assertThat(punctuate()).isEmpty();
    }

    @Test
    void shouldPublishOnlyOneIpInAPeriodWhoseSharedBudgetAnEarlierPunctuationSpent() {
        // given: a closed first day, and one budget for every punctuation, as the tasks of one stream thread share it
        CloseBudget threadBudget = new CloseBudget();
        budgets = () -> threadBudget;
        WindowedStatsProcessor processor = started();
        sendFirstDay(processor);
        send(processor, ips.get(0), START + DAY + GRACE.toMillis());

        // when: two punctuations run in one period (the second as another task's would), then one in the next period
        List<Published> first = punctuateAt(0);
        List<Published> secondInSamePeriod = punctuateAt(1);
        List<Published> nextPeriod = punctuateAt(CloseBudget.PERIOD.toMillis());

        // then: the first spends the period's share; the second still moves the close on by one IP; the next has a share again
        assertThat(first).hasSizeGreaterThan(1);
        assertThat(secondInSamePeriod).hasSize(1);
        assertThat(nextPeriod).hasSizeGreaterThan(1);
    }

    @Test
    void shouldPublishTheRestAfterARestartFromTheLastIpPublishedAndNothingTwice() {
        // given: a close half published when the processor stops
        WindowedStatsProcessor first = started();
        sendFirstDay(first);
        List<Published> published = new ArrayList<>(send(first, ips.get(0), START + DAY + GRACE.toMillis()));
        for (int punctuation = 0; punctuation < IPS && published.size() < IPS / 2; punctuation++) {
            published.addAll(punctuate());
        }
        first.close();

        // when: a new processor starts on the same stores, and time goes on
        WindowedStatsProcessor restarted = started();
        for (int i = 0; i < IPS; i++) {
            published.addAll(punctuate());
        }

        // then: every IP's first day exactly once across both
        assertThat(published).extracting(Published::ip).containsExactlyElementsOf(firstDay.keySet());
        assertThat(published).allSatisfy(each -> assertThat(each.window().stats()).isEqualTo(firstDay.get(each.ip())));
        restarted.close();
    }

    @Test
    void shouldPublishEveryIpOfTheClosesAfterARestartWhoseRecordsCameBeforeAndAfterIt() {
        // given: day one closed; day two has records of half the IPs when the processor stops
        WindowedStatsProcessor first = started();
        sendFirstDay(first);
        Map<String, IpStats> secondDay = new TreeMap<>();
        sendOn(first, secondDay, ips.get(0), START + DAY + GRACE.toMillis());
        for (int punctuation = 0; punctuation < IPS; punctuation++) {
            punctuate();
        }
        for (String ip : ips.subList(0, IPS / 2)) {
            sendOn(first, secondDay, ip, START + DAY + Duration.ofHours(2).toMillis());
        }
        first.close();

        // when: started again on the same stores, the other half sends, and days two and three close
        WindowedStatsProcessor restarted = started();
        for (String ip : ips.subList(IPS / 2, IPS)) {
            sendOn(restarted, secondDay, ip, START + DAY + Duration.ofHours(3).toMillis());
        }
        Map<String, IpStats> thirdDay = new TreeMap<>();
        for (String ip : ips) {
            sendOn(restarted, thirdDay, ip, START + 2 * DAY + Duration.ofHours(4).toMillis());
        }
        sendOn(restarted, new TreeMap<>(), ips.get(0), START + 3 * DAY + GRACE.toMillis());
        List<Published> published = new ArrayList<>();
        for (int punctuation = 0; punctuation < 2 * IPS; punctuation++) {
            punctuateInto(published);
        }

        // then: every IP's days two and three, once each, equal to their records
        assertThat(published).filteredOn(each -> each.window().windowStart().toEpochMilli() == START + DAY)
                .extracting(Published::ip).containsExactlyElementsOf(secondDay.keySet());
        assertThat(published).filteredOn(each -> each.window().windowStart().toEpochMilli() == START + 2 * DAY)
                .extracting(Published::ip).containsExactlyElementsOf(thirdDay.keySet());
        assertThat(published).allSatisfy(each -> assertThat(each.window().stats()).isEqualTo(
                (each.window().windowStart().toEpochMilli() == START + DAY ? secondDay : thirdDay).get(each.ip())));
        restarted.close();
    }

    @Test
    void shouldPublishAWindowSizeThatClosedWhileAnotherHasNothingToClose() {
        // given: 6-hour and 1-day windows, and records of two IPs in the first six hours
        useWindows(List.of(ONE_DAY, WindowSpec.parse("6h")));
        WindowedStatsProcessor processor = started();
        for (String ip : ips.subList(0, 2)) {
            for (int hour = 0; hour < 6; hour++) {
                IpLog log = log(ip, START + Duration.ofHours(hour).toMillis());
                firstDay.merge(ip, IpStats.EMPTY.plus(log), IpStats::merge);
                send(processor, ip, log);
            }
        }

        // when: stream time passes six hours and the grace period, not the day
        send(processor, ips.get(0), START + Duration.ofHours(6).plus(GRACE).toMillis());
        List<Published> published = new ArrayList<>();
        for (int punctuation = 0; punctuation < 4; punctuation++) {
            published.addAll(punctuate());
        }

        // then: each IP's first six hours, once, though the day has nothing to close yet
        assertThat(published).extracting(Published::ip).containsExactlyElementsOf(firstDay.keySet());
        assertThat(published).allSatisfy(each -> assertThat(each.window().window()).isEqualTo("6h"));
        assertThat(published).allSatisfy(each -> assertThat(each.window().stats()).isEqualTo(firstDay.get(each.ip())));
    }

    /** A processor on the test's stores, in a context of its own (a restarted one does not inherit the old one's punctuator). */
    private WindowedStatsProcessor started() {
        context = new MockProcessorContext<>();
        context.setCurrentStreamTimeMs(streamTime);
        context.addStateStore(paneStore);
        context.addStateStore(closes);
        context.addStateStore(progress);
        WindowedStatsProcessor processor = new WindowedStatsProcessor(panes, GRACE, WindowEmit.CLOSE, () -> nanos += TICK, budgets);
        processor.init(context);
        return processor;
    }

    private void sendFirstDay(WindowedStatsProcessor processor) {
        for (String ip : ips) {
            for (int hour = 0; hour < 24; hour += 1 + random.nextInt(4)) {
                IpLog log = log(ip, START + Duration.ofHours(hour).toMillis());
                firstDay.merge(ip, IpStats.EMPTY.plus(log), IpStats::merge);
                assertThat(send(processor, ip, log)).as("nothing closes within the first day").isEmpty();
            }
        }
    }

    private List<Published> send(WindowedStatsProcessor processor, String ip, long timestamp) {
        return send(processor, ip, log(ip, timestamp));
    }

    private List<Published> send(WindowedStatsProcessor processor, String ip, IpLog log) {
        streamTime = Math.max(streamTime, log.timestampMillis());
        context.setCurrentStreamTimeMs(streamTime);
        processor.process(new Record<>(ip, log, log.timestampMillis()));
        return taken();
    }

    private void sendOn(WindowedStatsProcessor processor, Map<String, IpStats> day, String ip, long timestamp) {
        IpLog log = log(ip, timestamp);
        day.merge(ip, IpStats.EMPTY.plus(log), IpStats::merge);
        streamTime = Math.max(streamTime, timestamp);
        context.setCurrentStreamTimeMs(streamTime);
        processor.process(new Record<>(ip, log, timestamp));
    }

    /** Runs the punctuation and adds every window it published, of any day. */
    private void punctuateInto(List<Published> published) {
        context.scheduledPunctuators().forEach(punctuator -> punctuator.getPunctuator().punctuate(0));
        context.forwarded().forEach(f -> published.add(new Published(f.record().key(), f.record().value())));
        context.resetForwards();
    }

    private List<Published> punctuate() {
        return punctuateAt(0);
    }

    /** Runs the punctuation as at wall-clock time {@code nowMillis} and returns the first day's windows it published. */
    private List<Published> punctuateAt(long nowMillis) {
        context.scheduledPunctuators().forEach(punctuator -> punctuator.getPunctuator().punctuate(nowMillis));
        return taken();
    }

    private List<Published> taken() {
        List<Published> forwarded = context.forwarded().stream().map(f -> new Published(f.record().key(), f.record().value()))
                .filter(published -> published.window().windowStart().toEpochMilli() == START).collect(Collectors.toList());
        context.resetForwards();
        return forwarded;
    }

    /** A window as forwarded: its key (the IP) and value. */
    private record Published(String ip, WindowStats window) {
    }

    private IpLog log(String ip, long timestamp) {
        long[] values = new long[Metric.ALL.size()];
        for (int m = 0; m < values.length; m++) {
            values[m] = random.nextLong(100_000);
        }
        return new IpLog(ip, timestamp, values);
    }
}

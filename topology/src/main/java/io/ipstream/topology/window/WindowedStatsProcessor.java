package io.ipstream.topology.window;

import io.ipstream.common.IpLog;
import io.ipstream.common.IpStats;
import io.ipstream.common.MetricNames;
import io.ipstream.common.Stores;
import io.ipstream.common.WindowStats;
import io.ipstream.topology.TaskSensors;
import io.ipstream.topology.WindowSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each IP's windowed statistics as panes (see {@link WindowPanes}) and publishes windows:
 * each closed window once ({@link WindowEmit#CLOSE}), or every window a record changes
 * ({@link WindowEmit#UPDATE}). A record whose pane closed (its end plus the grace period is behind
 * stream time) is too late for every window: it still counts in the all-time statistics, and each
 * window always equals the sum of its panes. How far the windows of each size have been published
 * is kept in a store, so a restart neither skips nor repeats a closed window.
 */
public final class WindowedStatsProcessor implements Processor<String, IpLog, String, WindowStats> {
    private static final Logger LOG = LoggerFactory.getLogger(WindowedStatsProcessor.class);

    private final WindowPanes panes;
    private final long graceMillis;
    private final WindowEmit emit;
    private ProcessorContext<String, WindowStats> context;
    private WindowStore<String, IpStats> paneStore;
    private KeyValueStore<String, Long> closedThrough;
    /** The store's watermarks, read once per initialisation: this processor is their only writer. */
    private final Map<String, Long> knownClosedThrough = new HashMap<>();
    private Sensor late;

    public WindowedStatsProcessor(WindowPanes panes, Duration grace, WindowEmit emit) {
        this.panes = panes;
        this.graceMillis = grace.toMillis();
        this.emit = emit;
    }

    @Override
    public void init(ProcessorContext<String, WindowStats> context) {
        this.context = context;
        this.paneStore = context.getStateStore(Stores.WINDOW_PANES);
        this.closedThrough = context.getStateStore(Stores.WINDOW_CLOSES);
        this.late = TaskSensors.counter(context, MetricNames.LATE_WINDOW_RECORDS);
        knownClosedThrough.clear();
    }

    @Override
    public void process(Record<String, IpLog> record) {
        IpLog log = record.value();
        long pane = panes.paneStart(log.timestampMillis());
        long closeBoundary = context.currentStreamTimeMs() - graceMillis;
        if (pane + panes.paneMillis() <= closeBoundary) {
            late.record();
            LOG.debug("Record of {} at {} is later than the grace period: counted all-time, not in its closed windows", log.srcIp(), log.timestamp());
        } else {
            IpStats previous = paneStore.fetch(record.key(), pane);
            paneStore.put(record.key(), (previous == null ? IpStats.EMPTY : previous).plus(log), pane);
            if (emit == WindowEmit.UPDATE) {
                forwardWindowsContaining(record, pane);
            }
        }
        if (emit == WindowEmit.CLOSE) {
            forwardClosedWindows(closeBoundary);
        }
    }

    private void forwardWindowsContaining(Record<String, IpLog> record, long pane) {
        for (WindowSpec window : panes.windows()) {
            long first = WindowPanes.firstStartEndingAfter(window, pane);
            NavigableMap<Long, IpStats> ipPanes = new TreeMap<>();
            try (WindowStoreIterator<IpStats> iterator = paneStore.fetch(record.key(), Math.max(0, first), pane + window.size().toMillis())) {
                iterator.forEachRemaining(next -> ipPanes.put(next.key, next.value));
            }
            for (WindowStats stats : panes.assemble(window, ipPanes, first, pane)) {
                context.forward(record.withValue(stats));
            }
        }
    }

    /** Publishes, for every IP, each window that closed since the last call: its end is now at or behind {@code closeBoundary}. */
    private void forwardClosedWindows(long closeBoundary) {
        for (WindowSpec window : panes.windows()) {
            Long through = knownClosedThrough.computeIfAbsent(window.name(), closedThrough::get);
            if (through == null) {
                // A new application: nothing was counted before this record, so nothing before it can close.
                markClosedThrough(window, closeBoundary);
                continue;
            }
            long firstStart = WindowPanes.firstStartEndingAfter(window, through);
            long size = window.size().toMillis();
            if (firstStart + size > closeBoundary) {
                continue;
            }
            long lastStart = WindowPanes.firstStartEndingAfter(window, closeBoundary) - window.advance().toMillis();
            Map<String, NavigableMap<Long, IpStats>> byIp = new HashMap<>();
            try (KeyValueIterator<Windowed<String>, IpStats> iterator =
                         paneStore.fetchAll(Math.max(0, firstStart), lastStart + size - panes.paneMillis())) {
                while (iterator.hasNext()) {
                    KeyValue<Windowed<String>, IpStats> next = iterator.next();
                    byIp.computeIfAbsent(next.key.key(), ip -> new TreeMap<>()).put(next.key.window().start(), next.value);
                }
            }
            byIp.forEach((ip, ipPanes) -> {
                for (WindowStats stats : panes.assemble(window, ipPanes, firstStart, lastStart)) {
                    context.forward(new Record<>(ip, stats, stats.windowEnd().toEpochMilli()));
                }
            });
            LOG.debug("Closed {} windows starting {}..{} for {} IPs", window.name(), firstStart, lastStart, byIp.size());
            markClosedThrough(window, closeBoundary);
        }
    }

    private void markClosedThrough(WindowSpec window, long boundary) {
        closedThrough.put(window.name(), boundary);
        knownClosedThrough.put(window.name(), boundary);
    }

    @Override
    public void close() {
        context.metrics().removeSensor(late);
    }
}

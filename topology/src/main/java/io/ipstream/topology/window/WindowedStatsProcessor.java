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
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
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
 *
 * <p>When stream time passes a window boundary, every IP's window closes at once (about 20,000 on a
 * day boundary with 10,000 IPs and two window sizes, some 1.2 s of work). Publishing them all in
 * one call held every record behind it for that long, so closed windows are published by a
 * wall-clock punctuation every {@link CloseBudget#PERIOD}, within the stream thread's
 * {@link CloseBudget} (at least one IP each time), in IP order; the last IP published is kept in a
 * store, so a restart resumes after it.
 */
public final class WindowedStatsProcessor implements Processor<String, IpLog, String, WindowStats> {
    private static final Logger LOG = LoggerFactory.getLogger(WindowedStatsProcessor.class);
    private static final String PROGRESS_SEPARATOR = "|";

    private final WindowPanes panes;
    private final long graceMillis;
    private final WindowEmit emit;
    private final LongSupplier nanoTime;
    private final Supplier<CloseBudget> budget;
    private ProcessorContext<String, WindowStats> context;
    private WindowStore<String, IpStats> paneStore;
    private KeyValueStore<String, Long> closedThrough;
    private KeyValueStore<String, String> closeProgress;
    /** The store's watermarks, read once per initialisation: this processor is their only writer. */
    private final Map<String, Long> knownClosedThrough = new HashMap<>();
    /** Per window name, the close being published. */
    private final Map<String, Closing> closing = new HashMap<>();
    private int calls;
    /**
     * The IPs that have each pane, complete for panes from {@link #indexedFrom} on: a close finds its
     * IPs here instead of reading every IP's panes. A new application indexes from its first record;
     * one started on existing state, from the first close, which reads every retained pane once.
     */
    private final NavigableMap<Long, Set<String>> ipsByPane = new TreeMap<>();
    private long indexedFrom = Long.MAX_VALUE;
    private boolean started;
    private Sensor late;

    public WindowedStatsProcessor(WindowPanes panes, Duration grace, WindowEmit emit) {
        this(panes, grace, emit, System::nanoTime, CloseBudget::ofCurrentThread);
    }

    /**
     * @param nanoTime the clock that bounds each punctuation's work (System.nanoTime but in tests)
     * @param budget   the budget of the thread running the punctuation, asked for at each one
     */
    WindowedStatsProcessor(WindowPanes panes, Duration grace, WindowEmit emit, LongSupplier nanoTime, Supplier<CloseBudget> budget) {
        this.panes = panes;
        this.graceMillis = grace.toMillis();
        this.emit = emit;
        this.nanoTime = nanoTime;
        this.budget = budget;
    }

    @Override
    public void init(ProcessorContext<String, WindowStats> context) {
        this.context = context;
        this.paneStore = context.getStateStore(Stores.WINDOW_PANES);
        this.closedThrough = context.getStateStore(Stores.WINDOW_CLOSES);
        this.closeProgress = context.getStateStore(Stores.WINDOW_CLOSE_PROGRESS);
        this.late = TaskSensors.counter(context, MetricNames.LATE_WINDOW_RECORDS);
        knownClosedThrough.clear();
        closing.clear();
        ipsByPane.clear();
        indexedFrom = Long.MAX_VALUE;
        started = false;
        if (emit == WindowEmit.CLOSE) {
            context.schedule(CloseBudget.PERIOD, PunctuationType.WALL_CLOCK_TIME, this::publishClosedWindows);
        }
    }

    @Override
    public void process(Record<String, IpLog> record) {
        IpLog log = record.value();
        long pane = panes.paneStart(log.timestampMillis());
        long closeBoundary = context.currentStreamTimeMs() - graceMillis;
        if (emit == WindowEmit.CLOSE) {
            startClosingAt(closeBoundary);
        }
        if (pane + panes.paneMillis() <= closeBoundary) {
            late.record();
            LOG.debug("Record of {} at {} is later than the grace period: counted all-time, not in its closed windows", log.srcIp(), log.timestamp());
        } else {
            IpStats previous = paneStore.fetch(record.key(), pane);
            paneStore.put(record.key(), (previous == null ? IpStats.EMPTY : previous).plus(log), pane);
            if (emit == WindowEmit.CLOSE) {
                ipsByPane.computeIfAbsent(pane, start -> new HashSet<>()).add(record.key());
            }
            if (emit == WindowEmit.UPDATE) {
                forwardWindowsContaining(record, pane);
            }
        }
    }

    private void forwardWindowsContaining(Record<String, IpLog> record, long pane) {
        for (WindowSpec window : panes.windows()) {
            long first = WindowPanes.firstStartEndingAfter(window, pane);
            for (WindowStats stats : panes.assemble(window, readPanes(record.key(), first, pane + window.size().toMillis()), first, pane)) {
                context.forward(record.withValue(stats));
            }
        }
    }

    /** Publishes closed windows for as long as the thread's budget allows at wall-clock time {@code nowMillis}. */
    private void publishClosedWindows(long nowMillis) {
        CloseBudget threadBudget = budget.get();
        long start = nanoTime.getAsLong();
        forwardClosedWindows(context.currentStreamTimeMs() - graceMillis, start + threadBudget.remainingNanos(nowMillis));
        threadBudget.spend(nanoTime.getAsLong() - start);
    }

    /**
     * Publishes the windows closed at or behind {@code closeBoundary}, IP after IP, until the
     * {@code deadline} (System.nanoTime) and at least one IP per window size: it goes on with the
     * close in progress, or starts the next one.
     */
    private void forwardClosedWindows(long closeBoundary, long deadline) {
        boolean scanned = false;
        List<WindowSpec> windows = panes.windows();
        // Each call starts with the next window size, so none waits behind another's closes.
        int first = Math.floorMod(calls++, windows.size());
        for (int i = 0; i < windows.size(); i++) {
            WindowSpec window = windows.get((first + i) % windows.size());
            Closing job = closing.get(window.name());
            if (job == null) {
                // Starting a close can read every IP's panes (the first close on existing state, 20-30 ms for 3,000
                // IPs): at most one start per call.
                if (scanned) {
                    continue;
                }
                job = nextClosing(window, closeBoundary);
                if (job == null) {
                    continue;
                }
                scanned = true;
                closing.put(window.name(), job);
            }
            String lastIp = null;
            for (int published = 0; job.remaining().hasNext() && (published == 0 || nanoTime.getAsLong() < deadline); published++) {
                Map.Entry<String, NavigableMap<Long, IpStats>> ip = job.remaining().next();
                for (WindowStats stats : panes.assemble(window, panesOf(job, ip), job.firstStart(), job.lastStart())) {
                    context.forward(new Record<>(ip.getKey(), stats, stats.windowEnd().toEpochMilli()));
                }
                lastIp = ip.getKey();
            }
            if (job.remaining().hasNext()) {
                closeProgress.put(window.name(), job.boundary() + PROGRESS_SEPARATOR + lastIp);
            } else {
                closing.remove(window.name());
                closeProgress.delete(window.name());
                markClosedThrough(window, job.boundary());
                forgetPanesBefore();
                LOG.debug("Closed {} windows starting {}..{} for {} IPs", window.name(), job.firstStart(), job.lastStart(), job.ips());
            }
        }
    }

    /**
     * At the first record since initialisation: a new application has counted nothing before it, so
     * nothing before it can close, and its index of panes is complete from the start.
     */
    private void startClosingAt(long closeBoundary) {
        if (started) {
            return;
        }
        started = true;
        boolean fresh = true;
        for (WindowSpec window : panes.windows()) {
            if (knownClosedThrough.computeIfAbsent(window.name(), closedThrough::get) == null) {
                markClosedThrough(window, closeBoundary);
            } else {
                fresh = false;
            }
        }
        if (fresh) {
            indexedFrom = Long.MIN_VALUE;
        }
    }

    /**
     * The close to publish next for {@code window}: the one a restart interrupted, or the windows
     * that closed since the last one; null when none has, or no record has been counted yet.
     */
    private Closing nextClosing(WindowSpec window, long closeBoundary) {
        Long through = knownClosedThrough.computeIfAbsent(window.name(), closedThrough::get);
        if (through == null) {
            return null;
        }
        String progress = closeProgress.get(window.name());
        long boundary = progress == null ? closeBoundary : Long.parseLong(progress.substring(0, progress.indexOf(PROGRESS_SEPARATOR)));
        long firstStart = WindowPanes.firstStartEndingAfter(window, through);
        long size = window.size().toMillis();
        if (firstStart + size > boundary) {
            return null;
        }
        long lastStart = WindowPanes.firstStartEndingAfter(window, boundary) - window.advance().toMillis();
        long lastPane = lastStart + size - panes.paneMillis();
        NavigableMap<String, NavigableMap<Long, IpStats>> byIp = new TreeMap<>();
        if (firstStart >= indexedFrom) {
            ipsByPane.subMap(firstStart, true, lastPane, true).values().forEach(ips -> ips.forEach(ip -> byIp.put(ip, null)));
        } else {
            // Every retained pane from the close's first on (none starts after stream time): this close's panes, and the
            // index for the closes after it.
            long newestPane = Math.max(lastPane, panes.paneStart(context.currentStreamTimeMs()));
            try (KeyValueIterator<Windowed<String>, IpStats> iterator = paneStore.fetchAll(Math.max(0, firstStart), newestPane)) {
                while (iterator.hasNext()) {
                    KeyValue<Windowed<String>, IpStats> next = iterator.next();
                    long pane = next.key.window().start();
                    ipsByPane.computeIfAbsent(pane, start -> new HashSet<>()).add(next.key.key());
                    if (pane <= lastPane) {
                        byIp.computeIfAbsent(next.key.key(), ip -> new TreeMap<>()).put(pane, next.value);
                    }
                }
            }
            indexedFrom = Math.min(indexedFrom, firstStart);
        }
        NavigableMap<String, NavigableMap<Long, IpStats>> toPublish = progress == null ? byIp
                : byIp.tailMap(progress.substring(progress.indexOf(PROGRESS_SEPARATOR) + 1), false);
        return new Closing(boundary, firstStart, lastStart, lastPane, toPublish.size(), toPublish.entrySet().iterator());
    }

    /** The IP's panes of a close: read along with the others when they were scanned (non-null), else now. */
    private NavigableMap<Long, IpStats> panesOf(Closing job, Map.Entry<String, NavigableMap<Long, IpStats>> ip) {
        return ip.getValue() != null ? ip.getValue() : readPanes(ip.getKey(), job.firstStart(), job.lastPane());
    }

    /** The IP's panes that start within [from, to], by start. */
    private NavigableMap<Long, IpStats> readPanes(String ip, long from, long to) {
        NavigableMap<Long, IpStats> ipPanes = new TreeMap<>();
        try (WindowStoreIterator<IpStats> iterator = paneStore.fetch(ip, Math.max(0, from), to)) {
            iterator.forEachRemaining(next -> ipPanes.put(next.key, next.value));
        }
        return ipPanes;
    }

    /** Forgets the IPs of panes no window that can still close will read. */
    private void forgetPanesBefore() {
        long needed = Long.MAX_VALUE;
        for (WindowSpec window : panes.windows()) {
            Long through = knownClosedThrough.get(window.name());
            needed = Math.min(needed, through == null ? Long.MIN_VALUE : WindowPanes.firstStartEndingAfter(window, through));
        }
        ipsByPane.headMap(needed).clear();
    }

    /** One close being published: the boundary it closes through, its windows' starts and last pane, the IPs left. */
    private record Closing(long boundary, long firstStart, long lastStart, long lastPane, int ips,
                           Iterator<Map.Entry<String, NavigableMap<Long, IpStats>>> remaining) {
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

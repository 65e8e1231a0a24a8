package io.ipstream.topology.query;

import io.ipstream.common.IpStats;
import io.ipstream.common.Stores;
import io.ipstream.common.WindowStats;
import io.ipstream.topology.WindowSpec;
import io.ipstream.topology.window.WindowPanes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads this instance's state stores, one partition at a time: the partition the metadata names,
 * so an answer never mixes in another copy. Throws Kafka Streams' InvalidStateStoreException while
 * a store is not queryable (restoring, migrating); the caller retries or answers 503.
 *
 * <p>The views {@link KafkaStreams#store} returns are kept and reused instead of built per request
 * (part of the store lookup's 15% of a local request, docs/BENCHMARKS.md). A view finds the
 * partition's store again on every read, so it stays valid across rebalances and throws while
 * the store cannot be read.
 */
public final class LocalStores {
    private final KafkaStreams streams;
    private final WindowPanes panes;
    private final Map<View, ReadOnlyKeyValueStore<String, IpStats>> allTimeViews = new ConcurrentHashMap<>();
    private final Map<View, ReadOnlyWindowStore<String, IpStats>> paneViews = new ConcurrentHashMap<>();

    public LocalStores(KafkaStreams streams, WindowPanes panes) {
        this.streams = streams;
        this.panes = panes;
    }

    /** The IP's all-time statistics in {@code partition}; {@code stale} allows a standby copy. */
    public Optional<IpStats> stats(String ip, int partition, boolean stale) {
        return Optional.ofNullable(allTimeStats(partition, stale).get(ip));
    }

    /** The IP's windows of {@code window} that start within [from, to], assembled from its panes. */
    public List<WindowStats> windows(String ip, WindowSpec window, Instant from, Instant to, int partition, boolean stale) {
        ReadOnlyWindowStore<String, IpStats> store = paneViews.computeIfAbsent(new View(partition, stale), view -> streams.store(parameters(
                StoreQueryParameters.fromNameAndType(Stores.WINDOW_PANES, QueryableStoreTypes.<String, IpStats>windowStore())
                        .withPartition(partition), stale)));
        NavigableMap<Long, IpStats> ipPanes = new TreeMap<>();
        try (WindowStoreIterator<IpStats> iterator = store.fetch(ip, from, to.plus(window.size()).minus(panes.pane()))) {
            iterator.forEachRemaining(next -> ipPanes.put(next.key, next.value));
        }
        return panes.assemble(window, ipPanes, from.toEpochMilli(), to.toEpochMilli());
    }

    /**
     * The first {@code limit} IPs in text order after {@code after} (from the start when null)
     * among the partitions this instance is active for (none on a newcomer that only holds
     * standbys), and how many IPs those partitions hold in all.
     */
    public IpPage firstIps(int limit, String after) {
        List<Integer> partitions = activePartitions();
        List<IpSummary> first = new ArrayList<>();
        long total = 0;
        for (int partition : partitions) {
            ReadOnlyKeyValueStore<String, IpStats> store = allTimeStats(partition, false);
            int taken = 0;
            // Keys come in byte order, which is text order for IP literals: a partition's first `limit` are its smallest.
            try (KeyValueIterator<String, IpStats> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, IpStats> next = all.next();
                    total++;
                    if ((after == null || next.key.compareTo(after) > 0) && taken++ < limit) {
                        first.add(IpSummary.of(next.value));
                    }
                }
            }
        }
        first.sort(Comparator.comparing(IpSummary::srcIp));
        return new IpPage(total, 0, limit, null, List.copyOf(first.subList(0, Math.min(limit, first.size()))), partitions);
    }

    /**
     * Throws InvalidStateStoreException unless the store of every partition this instance is active
     * for can be read now; cheap (no scan), for readiness probes.
     */
    public void checkQueryable() {
        for (int partition : activePartitions()) {
            allTimeStats(partition, false).approximateNumEntries();
        }
    }

    private List<Integer> activePartitions() {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .map(task -> task.taskId().partition())
                .distinct().sorted().toList();
    }

    private ReadOnlyKeyValueStore<String, IpStats> allTimeStats(int partition, boolean stale) {
        return allTimeViews.computeIfAbsent(new View(partition, stale), view -> streams.store(parameters(StoreQueryParameters
                .fromNameAndType(Stores.ALL_TIME_STATS, QueryableStoreTypes.<String, IpStats>keyValueStore()).withPartition(partition), stale)));
    }

    /** Which copy of a store a view reads: one partition's, active only or any. */
    private record View(int partition, boolean stale) {
    }

    private static <T> StoreQueryParameters<T> parameters(StoreQueryParameters<T> parameters, boolean stale) {
        return stale ? parameters.enableStaleStores() : parameters;
    }
}

package io.ipstream.topology.query;

import io.ipstream.common.IpStats;
import io.ipstream.common.Stores;
import io.ipstream.common.WindowStats;
import io.ipstream.topology.WindowSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 */
public final class LocalStores {
    private final KafkaStreams streams;

    public LocalStores(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The IP's all-time statistics in {@code partition}; {@code stale} allows a standby copy. */
    public Optional<IpStats> stats(String ip, int partition, boolean stale) {
        ReadOnlyKeyValueStore<String, IpStats> store = streams.store(parameters(
                StoreQueryParameters.fromNameAndType(Stores.ALL_TIME_STATS, QueryableStoreTypes.<String, IpStats>keyValueStore())
                        .withPartition(partition), stale));
        return Optional.ofNullable(store.get(ip));
    }

    /** The IP's windows of {@code window} that start within [from, to]. */
    public List<WindowStats> windows(String ip, WindowSpec window, Instant from, Instant to, int partition, boolean stale) {
        ReadOnlyWindowStore<String, IpStats> store = streams.store(parameters(
                StoreQueryParameters.fromNameAndType(Stores.windowStats(window.name()), QueryableStoreTypes.<String, IpStats>windowStore())
                        .withPartition(partition), stale));
        List<WindowStats> windows = new ArrayList<>();
        try (WindowStoreIterator<IpStats> iterator = store.fetch(ip, from, to)) {
            while (iterator.hasNext()) {
                KeyValue<Long, IpStats> next = iterator.next();
                Instant start = Instant.ofEpochMilli(next.key);
                windows.add(new WindowStats(window.name(), start, start.plus(window.size()), next.value));
            }
        }
        return windows;
    }

    /**
     * The first {@code limit} IPs in text order among this instance's active partitions, and how
     * many IPs it holds in all.
     */
    public IpPage firstIps(int limit) {
        ReadOnlyKeyValueStore<String, IpStats> store = streams.store(
                StoreQueryParameters.fromNameAndType(Stores.ALL_TIME_STATS, QueryableStoreTypes.<String, IpStats>keyValueStore()));
        List<IpSummary> first = new ArrayList<>();
        long total = 0;
        try (KeyValueIterator<String, IpStats> all = store.all()) {
            while (all.hasNext()) {
                IpStats stats = all.next().value;
                total++;
                first.add(IpSummary.of(stats));
            }
        }
        first.sort(java.util.Comparator.comparing(IpSummary::srcIp));
        return new IpPage(total, 0, limit, first.subList(0, Math.min(limit, first.size())));
    }

    private static <T> StoreQueryParameters<T> parameters(StoreQueryParameters<T> parameters, boolean stale) {
        return stale ? parameters.enableStaleStores() : parameters;
    }
}

package io.ipstream.forecasting.ingest;

import io.ipstream.common.IpPartitioner;
import java.util.Set;

/**
 * The ip-logs partitions this instance's ingest consumer owns, kept up to date by the consumer's
 * rebalances. The trainer trains the IPs of these partitions (the same {@link IpPartitioner} as the
 * data decides), so instances of the service split the training as they split the ingest.
 */
public final class OwnedPartitions {
    private final IpPartitioner partitioner;
    private volatile Set<Integer> partitions = Set.of();
    private volatile int partitionCount;

    public OwnedPartitions(IpPartitioner partitioner) {
        this.partitioner = partitioner;
    }

    void assigned(Set<Integer> owned, int count) {
        partitions = Set.copyOf(owned);
        partitionCount = count;
    }

    /** Whether this instance owns the partition of {@code ip}; false before the first assignment. */
    public boolean owns(String ip) {
        int count = partitionCount;
        return count > 0 && partitions.contains(partitioner.partition(ip, count));
    }

    public Set<Integer> partitions() {
        return partitions;
    }
}

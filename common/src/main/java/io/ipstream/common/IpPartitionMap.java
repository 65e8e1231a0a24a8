package io.ipstream.common;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pinned partitions for known source IPs, from {@code ip-partition-map.csv} ({@code src_ip,partition},
 * a header line, {@code #} comments). IPs are stored in canonical form.
 */
public final class IpPartitionMap {
    private final Map<String, Integer> partitions;
    /** Where each pin was read (file and line), for messages; empty for maps built in code. */
    private final Map<String, String> origins;

    public IpPartitionMap(Map<String, Integer> partitions) {
        this(partitions, Map.of());
    }

    private IpPartitionMap(Map<String, Integer> partitions, Map<String, String> origins) {
        this.partitions = Collections.unmodifiableMap(new LinkedHashMap<>(partitions));
        this.origins = Map.copyOf(origins);
    }

    public static IpPartitionMap empty() {
        return new IpPartitionMap(Map.of());
    }

    /** Loads the file at {@code path}, or the packaged default when path is null. */
    public static IpPartitionMap load(Path path) {
        return parse(DefaultFiles.read(path, DefaultFiles.PARTITION_MAP_CSV),
                DefaultFiles.describe(path, DefaultFiles.PARTITION_MAP_CSV));
    }

    /** Parses CSV text; {@code source} names the file in error messages. */
    public static IpPartitionMap parse(String text, String source) {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        Map<String, String> origins = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        boolean headerSeen = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1) + ": ";
            if (!headerSeen) {
                headerSeen = true;
                if (line.replace(" ", "").equalsIgnoreCase("src_ip,partition")) {
                    continue;
                }
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 2) {
                throw new ConfigError(where + "expected 'src_ip,partition', got '" + Texts.clip(line) + "'");
            }
            String ip;
            try {
                ip = IpAddresses.canonical(cells[0].strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigError(where + "'" + Texts.clip(cells[0].strip()) + "' is not an IP address: it " + e.getMessage());
            }
            String partitionText = cells[1].strip();
            if (!partitionText.matches("[0-9]{1,9}")) {
                throw new ConfigError(where + "partition '" + Texts.clip(partitionText) + "' is not a non-negative integer");
            }
            int partition = Integer.parseInt(partitionText);
            Integer previous = partitions.putIfAbsent(ip, partition);
            if (previous != null && previous != partition) {
                throw new ConfigError(where + ip + " is already mapped to partition " + previous);
            }
            origins.putIfAbsent(ip, source + " line " + (i + 1));
        }
        return new IpPartitionMap(partitions, origins);
    }

    /** The pinned partition of a canonical IP, or null. */
    public Integer pinned(String canonicalIp) {
        return partitions.get(canonicalIp);
    }

    public Map<String, Integer> asMap() {
        return partitions;
    }

    /** Fails when the map names a partition that {@code topic} (with {@code partitionCount}) lacks. */
    public void requireFits(String topic, int partitionCount) {
        partitions.forEach((ip, partition) -> {
            if (partition >= partitionCount) {
                throw new ConfigError(origins.getOrDefault(ip, "ip-partition-map") + ": " + ip + " is pinned to partition " + partition
                        + " but topic " + topic + " has only " + partitionCount
                        + " partitions; fix the map or add partitions to the topic");
            }
        });
    }
}

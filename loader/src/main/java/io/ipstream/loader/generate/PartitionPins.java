package io.ipstream.loader.generate;

import io.ipstream.common.IpPartitionMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Pins new IPs to partitions, evenly over them, and appends the pins to the map file. */
public final class PartitionPins {
    private PartitionPins() {
    }

    /** Each new IP on the partition with the fewest pins so far (lowest number on ties). */
    public static Map<String, Integer> spread(IpPartitionMap existing, Collection<String> newIps, int partitions) {
        int[] load = new int[partitions];
        existing.asMap().values().forEach(p -> load[p % partitions]++);
        Map<String, Integer> pins = new LinkedHashMap<>();
        for (String ip : newIps) {
            if (existing.pinned(ip) != null) {
                continue;
            }
            int least = 0;
            for (int p = 1; p < partitions; p++) {
                if (load[p] < load[least]) {
                    least = p;
                }
            }
            load[least]++;
            pins.put(ip, least);
        }
        return pins;
    }

    /** Appends {@code src_ip,partition} lines, writing the header first if the file is new. */
    public static void append(Path file, Map<String, Integer> pins) {
        StringBuilder lines = new StringBuilder();
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                lines.append("src_ip,partition\n");
            } else if (!Files.readString(file, StandardCharsets.UTF_8).endsWith("\n")) {
                lines.append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        pins.forEach((ip, partition) -> lines.append(ip).append(',').append(partition).append('\n'));
        try {
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the new IPs to " + file, e);
        }
    }
}

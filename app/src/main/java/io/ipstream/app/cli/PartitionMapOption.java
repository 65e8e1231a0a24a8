package io.ipstream.app.cli;

import io.ipstream.common.IpPartitionMap;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The file pinning source IPs to partitions. */
public final class PartitionMapOption {
    @Option(names = "--partition-map", paramLabel = "FILE", defaultValue = "${env:IPSTREAM_PARTITION_MAP}",
            description = "src_ip,partition pins (env IPSTREAM_PARTITION_MAP; default: the packaged ip-partition-map.csv).")
    Path file;

    IpPartitionMap load() {
        return IpPartitionMap.load(file);
    }
}

package io.ipstream.app.cli;

import io.ipstream.app.load.LoadReport;
import io.ipstream.app.load.LogSender;
import io.ipstream.app.load.RecordSources;
import io.ipstream.app.load.SourceRecord;
import io.ipstream.common.ConfigError;
import io.ipstream.common.IpLogCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream load}: replays files into {@code ip-logs}. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Replay JSON files or CSV rows into ip-logs (rejected records go to ip-logs-dlq with their reason).")
public final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOption kafka;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--dir", paramLabel = "DIR", required = true,
                description = "A directory of JSON files, one record each, sent in numeric file-name order.")
        Path dir;

        @Option(names = "--csv", paramLabel = "FILE", required = true,
                description = "A CSV file with a header row of wire names (src_ip, unq_dst_ip, ..., timestamp).")
        Path csv;
    }

    @Mixin
    PartitionMapOption partitionMap;

    @Mixin
    ZoneOption zone;

    @Override
    public Integer call() {
        IpLogCodec codec = new IpLogCodec(zone.zoneId());
        RecordSources sources = new RecordSources(codec);
        List<SourceRecord> records;
        if (input.dir != null) {
            records = sources.readJsonDirectory(input.dir);
        } else {
            if (!Files.isRegularFile(input.csv)) {
                throw new ConfigError(input.csv + ": no such file");
            }
            records = sources.readCsv(input.csv);
        }
        long start = System.nanoTime();
        try (LogSender sender = new LogSender(kafka.bootstrapServers, partitionMap.load(), codec, Map.of())) {
            LoadReport report = sender.send(records);
            report.print(spec.commandLine().getOut(), (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }
}

package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.loader.Checkpoint;
import io.ipstream.loader.LoadReport;
import io.ipstream.loader.Loader;
import io.ipstream.loader.LogSender;
import io.ipstream.loader.Pacer;
import io.ipstream.loader.Progress;
import io.ipstream.loader.RecordSource;
import io.ipstream.loader.RecordSources;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipstream load}: replays files into {@code ip-logs}, exactly once across re-runs with a checkpoint. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Replay JSON files, JSON Lines, CSV rows or standard input into ip-logs.",
                "Rejected records go to ip-logs-dlq with their reason and file:line (or stop the run with --strict).",
                "Exit codes: 0 done; 1 --strict stopped, --validate-only found rejects, or the broker failed; 2 bad arguments or unreadable input."})
public final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOption kafka;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--dir", paramLabel = "DIR", required = true,
                description = "A directory of JSON files, one record each, sent in numeric file-name order (2.json before 10.json).")
        Path dir;

        @Option(names = "--file", paramLabel = "FILE", required = true,
                description = "A file holding one JSON object, or JSON Lines.")
        Path file;

        @Option(names = "--csv", paramLabel = "FILE", required = true,
                description = "A CSV file with a header row of wire names (src_ip, unq_dst_ip, ..., timestamp).")
        Path csv;

        @Parameters(paramLabel = "-", arity = "1", description = "Read JSON Lines from standard input.")
        String stdin;
    }

    @ArgGroup(exclusive = true)
    Pace pace;

    static final class Pace {
        @Option(names = "--rate", paramLabel = "N", required = true, description = "Send N records per second.")
        double rate;

        @Option(names = "--speedup", paramLabel = "X", required = true,
                description = "Replay in event time, X times faster (3600: one hour of data per second).")
        double speedup;
    }

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Record what the broker acknowledged; a re-run with the same file resumes after it.")
    Path checkpoint;

    @Option(names = "--strict", description = "Stop at the first rejected record (exit code 1) instead of dead-lettering it.")
    boolean strict;

    @Option(names = "--validate-only", description = "Check every record and report; send nothing (exit code 1 if any is rejected).")
    boolean validateOnly;

    @Mixin
    ProducerConfigOption producerConfig;

    @Mixin
    ProgressOption progressOption;

    @Mixin
    PartitionMapOption partitionMap;

    @Mixin
    TopicsFileOption topicsFile;

    @Mixin
    ZoneOption zone;

    @Override
    public Integer call() {
        if (input.stdin != null && !"-".equals(input.stdin)) {
            throw new ConfigError("unexpected argument '" + input.stdin + "'; use - for standard input, or --dir, --file, --csv");
        }
        IpLogCodec codec = new IpLogCodec(zone.zoneId());
        RecordSources sources = new RecordSources(codec);
        Checkpoint progressFile = checkpoint == null || validateOnly ? null : Checkpoint.open(checkpoint, identity(), fingerprint());
        RecordSource source = open(sources, progressFile == null ? null : progressFile.resumeAfter());
        Progress progress = progressOption.progress(spec.commandLine().getErr());
        LoadReport report;
        if (validateOnly) {
            report = new Loader(null, null, Pacer.unlimited(), strict, progress).run(source);
        } else {
            Map<String, Object> clientConfig = producerConfig.load();
            IpPartitionMap map = partitionMap.load();
            KafkaTopics.prepare(kafka.bootstrapServers, clientConfig, topicsFile.load(), map);
            try (LogSender sender = new LogSender(kafka.bootstrapServers, map, clientConfig)) {
                report = new Loader(sender, progressFile, pacer(), strict, progress).run(source);
            }
        }
        report.print(spec.commandLine().getOut(), !validateOnly);
        boolean failed = report.stoppedAt() != null || (validateOnly && report.rejectedCount() > 0);
        return failed ? Cli.EXIT_FAILURE : 0;
    }

    /** For a file input, the digest of its beginning; a directory or stdin has none. */
    private String fingerprint() {
        Path file = input.file != null ? input.file : input.csv;
        return file == null ? null : Checkpoint.fingerprint(file);
    }

    private String identity() {
        Path path = input.dir != null ? input.dir : input.file != null ? input.file : input.csv;
        return path == null ? "stdin" : path.toAbsolutePath().normalize().toString();
    }

    private RecordSource open(RecordSources sources, String resumeAfter) {
        if (input.dir != null) {
            return sources.directory(input.dir, resumeAfter);
        }
        if (input.file != null) {
            return sources.jsonFile(input.file, resumeAfter);
        }
        if (input.csv != null) {
            return sources.csv(input.csv, resumeAfter);
        }
        return sources.stdin(System.in, resumeAfter);
    }

    private Pacer pacer() {
        if (pace == null) {
            return Pacer.unlimited();
        }
        if (pace.rate > 0) {
            return Pacer.rate(pace.rate);
        }
        if (pace.speedup > 0) {
            return Pacer.speedup(pace.speedup);
        }
        throw new ConfigError("--rate and --speedup must be positive");
    }
}

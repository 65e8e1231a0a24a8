package io.ipstream.app.cli;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.app.demo.AveragesTable;
import io.ipstream.app.demo.LatestValues;
import io.ipstream.app.demo.ProcessingProgress;
import io.ipstream.loader.Loader;
import io.ipstream.loader.LogSender;
import io.ipstream.loader.Pacer;
import io.ipstream.loader.Progress;
import io.ipstream.loader.RecordSources;
import io.ipstream.common.ConfigError;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpStats;
import io.ipstream.common.Topics;
import io.ipstream.common.TopicsConfig;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import io.ipstream.topology.TopologyConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream demo}: broker, topology and a replay in one process, ending in a per-IP table. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker, create the topics, run the topology, replay --data into ip-logs, "
                + "and print each IP's record count and metric means as read back from ip-averages.")
public final class DemoCommand implements Callable<Integer> {
    private static final String APPLICATION_ID = "ipstream-demo";

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--data", paramLabel = "DIR|FILE", defaultValue = "${env:IPSTREAM_DEMO_DATA:-example_files}",
            description = "A directory of JSON files, a CSV file or a JSON Lines file; relative paths are resolved "
                    + "against the project directory (env IPSTREAM_DEMO_DATA; default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--exit-when-done", description = "Exit 0 once every record is processed and the table is printed.")
    boolean exitWhenDone;

    @Option(names = "--kafka-port", defaultValue = "${env:IPSTREAM_KAFKA_PORT:-0}",
            description = "Port of the embedded broker; 0 picks a free one (env IPSTREAM_KAFKA_PORT; default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Give up when processing takes longer than this (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path input = ProjectFiles.resolve(data);
        if (!Files.exists(input)) {
            throw new ConfigError("--data: " + input + " does not exist");
        }
        IpLogCodec codec = new IpLogCodec(pipeline.zoneId());
        RecordSources sources = new RecordSources(codec);
        // Every file and setting is checked before anything starts.
        sources.open(input, null).close();
        TopicsConfig topics = pipeline.topics().withReplicationAtMost((short) 1);
        TopologyConfig topology = pipeline.topology();
        String guarantee = pipeline.processingGuarantee();
        Properties streamsOverrides = pipeline.streamsOverrides();
        try (DemoResources demo = new DemoResources(WorkDirectory.create("demo-"))) {
            say(out, "Starting an embedded Kafka broker ...");
            EmbeddedKafka broker = EmbeddedKafka.start(kafkaPort, demo.work().resolve("kafka"));
            demo.broker(broker);
            say(out, "Kafka broker ready on " + broker.bootstrapServers());

            StreamsSettings settings = StreamsSettings.of(broker.bootstrapServers(), APPLICATION_ID, demo.work().resolve("streams"))
                    .withGuarantee(guarantee).withOverrides(streamsOverrides);
            StreamsRuntime runtime = StreamsRuntime.start(settings, topics, topology);
            demo.runtime(runtime);
            if (!runtime.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the topology did not reach RUNNING within 2 minutes");
            }
            say(out, "Topology running (application id " + APPLICATION_ID + ")");

            try (LogSender sender = new LogSender(broker.bootstrapServers(), topology.partitionMap(), Map.of())) {
                new Loader(sender, null, Pacer.unlimited(), false, Progress.silent()).run(sources.open(input, null)).print(out, true);
            }
            say(out, "Waiting for the topology to process them ...");
            try (ProcessingProgress progress = new ProcessingProgress(broker.bootstrapServers(), APPLICATION_ID, Topics.IP_LOGS)) {
                if (!progress.awaitCaughtUp(timeout, () -> !runtime.failed())) {
                    throw new IllegalStateException(runtime.failed() ? "the topology failed (see the log above)"
                            : "the topology still had " + progress.lag() + " records to process after "
                            + timeout.toSeconds() + " s (--timeout)");
                }
            }
            Map<String, IpStats> averages = LatestValues.read(broker.bootstrapServers(), Topics.IP_AVERAGES, IpStats.class);
            say(out, "Per-IP all-time statistics from " + Topics.IP_AVERAGES + " (count and mean of each metric):");
            AveragesTable.print(averages, out);
            if (!exitWhenDone) {
                say(out, "The pipeline keeps running: broker " + broker.bootstrapServers()
                        + ", topics ip-logs, ip-averages, ip-window-averages, ip-logs-dlq. Press Ctrl-C to stop.");
                demo.awaitShutdown();
            }
            return 0;
        }
    }

    private static void say(PrintWriter out, String line) {
        out.println("==> " + line);
        out.flush();
    }
}

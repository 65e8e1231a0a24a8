package io.ipstream.app.cli;

import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream streams}: one instance of the topology. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Run the Kafka Streams topology: validation, dedupe, per-IP all-time and windowed statistics.")
public final class StreamsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOption kafka;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:IPSTREAM_STATE_DIR:-ipstream-data/streams}",
            description = "Local state (RocksDB) directory; one per instance (env IPSTREAM_STATE_DIR; default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--application-id", paramLabel = "ID",
            defaultValue = "${env:IPSTREAM_APPLICATION_ID:-" + StreamsSettings.DEFAULT_APPLICATION_ID + "}",
            description = "Kafka Streams application id, shared by all instances of one deployment (env IPSTREAM_APPLICATION_ID; default ${DEFAULT-VALUE}).")
    String applicationId;

    @Override
    public Integer call() throws InterruptedException {
        StreamsSettings settings = new StreamsSettings(kafka.bootstrapServers, applicationId, stateDir.toAbsolutePath(),
                pipeline.processingGuarantee(), pipeline.streamsOverrides());
        StreamsRuntime runtime = StreamsRuntime.start(settings, pipeline.topics(), pipeline.topology());
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "streams-shutdown"));
        spec.commandLine().getOut().printf("Topology %s started against %s; Ctrl-C to stop%n", applicationId, kafka.bootstrapServers);
        spec.commandLine().getOut().flush();
        runtime.awaitStopped();
        return runtime.failed() ? Cli.EXIT_FAILURE : 0;
    }
}

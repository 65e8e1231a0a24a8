package io.ipstream.app.cli;

import io.ipstream.app.FreePorts;
import io.ipstream.common.ApiToken;
import io.ipstream.common.ConfigError;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import io.ipstream.topology.TopologyConfig;
import io.ipstream.topology.http.QueryServer;
import io.ipstream.topology.query.MetadataService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream streams}: one instance of the topology, with its query API. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Run the Kafka Streams topology: validation, dedupe, per-IP all-time and windowed statistics, "
                + "and (with --http-port) the REST API that answers for every IP from any instance.")
public final class StreamsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOption kafka;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    ApiTokenOption apiToken;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:IPSTREAM_STATE_DIR:-ipstream-data/streams}",
            description = "Local state (RocksDB) directory; one per instance (env IPSTREAM_STATE_DIR; default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--application-id", paramLabel = "ID",
            defaultValue = "${env:IPSTREAM_APPLICATION_ID:-" + StreamsSettings.DEFAULT_APPLICATION_ID + "}",
            description = "Kafka Streams application id, shared by all instances of one deployment (env IPSTREAM_APPLICATION_ID; default ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:IPSTREAM_HTTP_PORT}",
            description = "Serve the REST API on this port (0: a free one); none without it (env IPSTREAM_HTTP_PORT).")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "${env:IPSTREAM_HTTP_HOST:-127.0.0.1}",
            description = "Address the REST API binds to (env IPSTREAM_HTTP_HOST; default ${DEFAULT-VALUE}: this machine only).")
    String httpHost;

    @Option(names = "--advertised-url", paramLabel = "URL", defaultValue = "${env:IPSTREAM_ADVERTISED_URL}",
            description = "How other instances reach this one, e.g. http://10.0.0.5:8081 (env IPSTREAM_ADVERTISED_URL; "
                    + "default http://<http-host>:<http-port>).")
    String advertisedUrl;

    @Option(names = "--standby-replicas", paramLabel = "N", defaultValue = "${env:IPSTREAM_STANDBY_REPLICAS:-1}",
            description = "Warm copies of each store on other instances, for fast failover (env IPSTREAM_STANDBY_REPLICAS; default ${DEFAULT-VALUE}).")
    int standbyReplicas;

    @Option(names = "--query-retry", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long a query waits out a rebalance before answering 503 (default ${DEFAULT-VALUE}).")
    Duration queryRetry;

    @Override
    public Integer call() throws InterruptedException {
        TopologyConfig topology = pipeline.topology();
        ApiToken token = apiToken.token();
        StreamsSettings settings = StreamsSettings.of(kafka.bootstrapServers, applicationId, stateDir.toAbsolutePath())
                .withGuarantee(pipeline.processingGuarantee()).withOverrides(pipeline.streamsOverrides());
        Integer port = httpPort == null || httpPort != 0 ? httpPort : FreePorts.pick(httpHost, 1)[0];
        HostInfo advertised = port == null ? null : advertised(port);
        if (port != null && !FreePorts.isFree(httpHost, port)) {
            throw new ConfigError("port " + port + " on " + httpHost + " is in use; choose another with --http-port");
        }
        settings = settings.withQueries(advertised == null ? null : advertised.host() + ":" + advertised.port(), standbyReplicas);
        StreamsRuntime runtime = StreamsRuntime.start(settings, pipeline.topics(), topology);
        QueryServer server = port == null ? null
                : QueryServer.start(httpHost, port, advertised, runtime.streams(), topology, queryRetry, token);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (server != null) {
                server.close();
            }
            runtime.close();
        }, "streams-shutdown"));
        spec.commandLine().getOut().printf("Topology %s started against %s%s; Ctrl-C to stop%n", applicationId, kafka.bootstrapServers,
                advertised == null ? "" : ", REST API on " + MetadataService.url(advertised));
        spec.commandLine().getOut().flush();
        runtime.awaitStopped();
        return runtime.failed() ? Cli.EXIT_FAILURE : 0;
    }

    private HostInfo advertised(int port) {
        String url = advertisedUrl != null ? advertisedUrl : "http://" + httpHost + ":" + port;
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || uri.getPort() < 0 || !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("needs http://HOST:PORT");
            }
            return new HostInfo(uri.getHost(), uri.getPort());
        } catch (IllegalArgumentException e) {
            throw new ConfigError("--advertised-url: '" + url + "' is not http://HOST:PORT");
        }
    }
}

package io.ipstream.app;

import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.ApiToken;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpStats;
import io.ipstream.common.Stores;
import io.ipstream.common.Topics;
import io.ipstream.common.TopicsConfig;
import io.ipstream.topology.IpLogTopology;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import io.ipstream.topology.TopologyConfig;
import io.ipstream.topology.http.QueryServer;
import io.ipstream.topology.query.MetadataService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Two topology instances in one JVM, each with its REST API, on an embedded broker holding the
 * seed data, everything processed and both ready: what the query API's integration tests run
 * against. With a token, both APIs require it and forward with it; {@link #get} sends it.
 */
final class QueryCluster implements AutoCloseable {
    static final List<String> SEED_IPS = List.of("46.39.79.251", "229.46.205.74", "187.44.158.33");
    static final int PARTITIONS = TopicsConfig.load(null).find(Topics.IP_LOGS).partitions();
    private static final int INSTANCES = 2;
    private static final Duration RETRY_BOUND = Duration.ofSeconds(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final EmbeddedKafka broker;
    private final TopologyConfig topology = TopologyConfig.defaults().withPartitioning(IpPartitionMap.load(null), 0);
    private final ApiToken token;
    private final StreamsRuntime[] runtimes = new StreamsRuntime[INSTANCES];
    private final QueryServer[] servers = new QueryServer[INSTANCES];
    private final int[] ports = FreePorts.pick("127.0.0.1", INSTANCES);

    private QueryCluster(EmbeddedKafka broker, ApiToken token) {
        this.broker = broker;
        this.token = token;
    }

    static QueryCluster start(Path work, String applicationId, ApiToken token) throws Exception {
        QueryCluster cluster = new QueryCluster(EmbeddedKafka.start(0, work.resolve("kafka")), token);
        try {
            for (int i = 0; i < INSTANCES; i++) {
                cluster.runtimes[i] = StreamsRuntime.start(StreamsSettings.of(cluster.broker.bootstrapServers(), applicationId,
                        work.resolve("state-" + i)).withQueries("127.0.0.1:" + cluster.ports[i], 1),
                        TopicsConfig.load(null).withReplicationAtMost((short) 1), cluster.topology);
                cluster.startServer(i);
            }
            Pipelines.loadSeed(cluster.broker.bootstrapServers());
            Pipelines.awaitProcessed(cluster.broker.bootstrapServers(), applicationId);
            await().atMost(Duration.ofMinutes(1)).until(() -> cluster.get(0, "/health/ready").statusCode() == 200
                    && cluster.get(1, "/health/ready").statusCode() == 200);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts (again) the API of {@code instance} on its port. */
    void startServer(int instance) {
        servers[instance] = QueryServer.start("127.0.0.1", ports[instance], new HostInfo("127.0.0.1", ports[instance]),
                runtimes[instance].streams(), topology, RETRY_BOUND, token);
    }

    /** Stops the API of {@code instance}; its topology keeps running and keeps its partitions. */
    void stopServer(int instance) {
        servers[instance].close();
    }

    String url(int instance) {
        return "http://127.0.0.1:" + ports[instance];
    }

    HostInfo host(int instance) {
        return new HostInfo("127.0.0.1", ports[instance]);
    }

    KafkaStreams streams(int instance) {
        return runtimes[instance].streams();
    }

    /**
     * What the all-time store of the instance at {@code host} holds for {@code ip} in {@code partition}
     * (one it is active for), read straight from Kafka Streams, not through the query layer.
     */
    Optional<IpStats> storedStats(HostInfo host, int partition, String ip) {
        int instance = IntStream.range(0, INSTANCES).filter(i -> host(i).equals(host)).findFirst().orElseThrow();
        return Optional.ofNullable(streams(instance).store(StoreQueryParameters
                .fromNameAndType(Stores.ALL_TIME_STATS, QueryableStoreTypes.<String, IpStats>keyValueStore())
                .withPartition(partition)).get(ip));
    }

    /**
     * One more instance on the same broker, of another application (the cluster's group keeps its
     * assignment), its API serving while its topology is created but not started. Once started it
     * also writes to the shared output topics; no test of this cluster reads those.
     */
    Unstarted unstarted(String applicationId, Path stateDir) {
        int port = FreePorts.pick("127.0.0.1", 1)[0];
        HostInfo host = new HostInfo("127.0.0.1", port);
        KafkaStreams streams = new KafkaStreams(IpLogTopology.build(topology.withPartitioning(topology.partitionMap(), PARTITIONS)),
                StreamsSettings.of(broker.bootstrapServers(), applicationId, stateDir).withQueries(host.host() + ":" + port, 0).toProperties());
        QueryServer server = QueryServer.start(host.host(), port, host, streams, topology, RETRY_BOUND, token);
        return new Unstarted(streams, server, MetadataService.url(host), token);
    }

    /** An instance from {@link #unstarted}: the test starts and stops its topology; closing stops both. */
    record Unstarted(KafkaStreams streams, QueryServer server, String url, ApiToken token) implements AutoCloseable {
        HttpResponse<String> get(String path) {
            return send(token.authorize(HttpRequest.newBuilder(URI.create(url + path))).GET().build());
        }

        @Override
        public void close() {
            server.close();
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** A GET of {@code path} on {@code instance}, with the cluster's token. */
    HttpResponse<String> get(int instance, String path) {
        return send(token.authorize(HttpRequest.newBuilder(URI.create(url(instance) + path))).GET().build());
    }

    /** {@code request} sent as it is: without the token unless it carries it. */
    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(request.method() + " " + request.uri(), e);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < INSTANCES; i++) {
            if (servers[i] != null) {
                servers[i].close();
            }
            if (runtimes[i] != null) {
                runtimes[i].close();
            }
        }
        broker.close();
    }
}

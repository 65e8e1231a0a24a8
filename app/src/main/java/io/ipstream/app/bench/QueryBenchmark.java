package io.ipstream.app.bench;

import io.ipstream.app.FreePorts;
import io.ipstream.app.demo.ProcessingProgress;
import io.ipstream.common.ApiToken;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.Topics;
import io.ipstream.common.TopicsConfig;
import io.ipstream.loader.Loader;
import io.ipstream.loader.LogSender;
import io.ipstream.loader.Pacer;
import io.ipstream.loader.Progress;
import io.ipstream.loader.generate.GeneratedSource;
import io.ipstream.loader.generate.Generator;
import io.ipstream.loader.generate.GeneratorConfig;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import io.ipstream.topology.TopologyConfig;
import io.ipstream.topology.http.QueryServer;
import io.ipstream.topology.query.MetadataService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /api/ips/{ip}/stats} latency under concurrent clients, asked of one instance for IPs it
 * owns (served from its own store) and for IPs the other instance owns (forwarded there), alternately.
 */
public final class QueryBenchmark implements Benchmark {
    private static final String APPLICATION_ID = "ipstream-bench-query";
    private static final int REQUESTS_PER_CLIENT = 200;
    /**
     * Untimed local and forwarded passes at most, before the rounds. The JDK's HTTP client and Jetty took the JIT
     * ten to fifteen such pairs to settle, while the median latency fell threefold; a round counted before then
     * measured the compiler as much as the request path.
     */
    private static final int MAX_WARM_UP_PAIRS = 25;

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        String bootstrap = context.broker().bootstrapServers();
        TopologyConfig topology = TopologyConfig.defaults();
        int[] ports = FreePorts.pick("127.0.0.1", 2);
        List<StreamsRuntime> runtimes = new ArrayList<>();
        List<QueryServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                StreamsRuntime runtime = StreamsRuntime.start(StreamsSettings.of(bootstrap, APPLICATION_ID, context.work().resolve("state-" + i))
                        .withQueries("127.0.0.1:" + ports[i], 1), TopicsConfig.load(null).withReplicationAtMost((short) 1), topology);
                runtimes.add(runtime);
                servers.add(QueryServer.start("127.0.0.1", ports[i], new HostInfo("127.0.0.1", ports[i]), runtime.streams(), topology,
                        Duration.ofSeconds(10), ApiToken.NONE));
            }
            awaitBothActive(runtimes, Duration.ofMinutes(2));
            List<String> ips = load(context, bootstrap);
            try (ProcessingProgress progress = new ProcessingProgress(bootstrap, APPLICATION_ID, Topics.IP_LOGS)) {
                progress.awaitCaughtUp(Duration.ofMinutes(10));
            }
            MetadataService metadata = new MetadataService(runtimes.get(0).streams(), new HostInfo("127.0.0.1", ports[0]),
                    new IpPartitioner(IpPartitionMap.empty()));
            List<String> local = new ArrayList<>();
            List<String> remote = new ArrayList<>();
            for (String ip : ips) {
                KeyQueryMetadata owner = metadata.ownerOf(ip).orElseThrow();
                (metadata.isSelf(owner.activeHost()) ? local : remote).add(ip);
            }
            if (local.isEmpty() || remote.isEmpty()) {
                throw new IllegalStateException(String.format("the benchmark needs IPs owned by each instance, but %,d are owned by"
                        + " the asked instance and %,d by the other; give more --ips", local.size(), remote.size()));
            }
            String asked = "http://127.0.0.1:" + ports[0];
            context.say("bench query: %,d IPs (%,d owned by the asked instance, %,d by the other), %d clients x %d requests, %d rounds",
                    ips.size(), local.size(), remote.size(), context.clients(), REQUESTS_PER_CLIENT, context.rounds());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            WarmUp warmUp = warmUp(context, http, asked, local, remote);
            Samples localP50 = new Samples();
            Samples localP99 = new Samples();
            Samples forwardedP50 = new Samples();
            Samples forwardedP99 = new Samples();
            for (int round = 1; round <= context.rounds(); round++) {
                double[] l = measure(http, asked, local, context.clients());
                double[] f = measure(http, asked, remote, context.clients());
                localP50.add(l[0]);
                localP99.add(l[1]);
                forwardedP50.add(f[0]);
                forwardedP99.add(f[1]);
                context.say("  round %d: local p50 %.2f ms p99 %.2f ms | forwarded p50 %.2f ms p99 %.2f ms", round, l[0], l[1], f[0], f[1]);
            }
            context.say("local:     p50 %.2f ms, p99 %.2f ms (medians of rounds)", localP50.median(), localP99.median());
            context.say("forwarded: p50 %.2f ms, p99 %.2f ms (medians of rounds)", forwardedP50.median(), forwardedP99.median());
            context.say("ratio (forwarded / local): p50 %.2f, p99 %.2f", forwardedP50.median() / localP50.median(),
                    forwardedP99.median() / localP99.median());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("clients", context.clients());
            result.put("warm_up_pairs", warmUp.pairs());
            result.put("jit_settled", warmUp.jitSettled());
            result.put("local_p50_ms", localP50.median());
            result.put("local_p99_ms", localP99.median());
            result.put("forwarded_p50_ms", forwardedP50.median());
            result.put("forwarded_p99_ms", forwardedP99.median());
            result.put("ratio_p50", forwardedP50.median() / localP50.median());
            result.put("ratio_p99", forwardedP99.median() / localP99.median());
            return result;
        } finally {
            servers.forEach(QueryServer::close);
            runtimes.forEach(StreamsRuntime::close);
        }
    }

    /**
     * Waits until each instance runs active tasks. Loaded before then, the instance that was first would hold state
     * the other lacks, and Kafka Streams keeps active tasks on a caught-up instance until a probing rebalance
     * minutes later: no IP would be forwarded.
     */
    private static void awaitBothActive(List<StreamsRuntime> runtimes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!runtimes.stream().allMatch(runtime -> runtime.streams().state() == KafkaStreams.State.RUNNING
                && runtime.streams().metadataForLocalThreads().stream().anyMatch(thread -> !thread.activeTasks().isEmpty()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the two streams instances did not share the input partitions within "
                        + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** How many untimed pairs of passes ran, and whether the JIT had settled by the last. */
    private record WarmUp(int pairs, boolean jitSettled) {
    }

    /** Runs untimed local and forwarded passes until the JIT has settled, or {@link #MAX_WARM_UP_PAIRS} of them. */
    private static WarmUp warmUp(BenchContext context, HttpClient http, String url, List<String> local, List<String> remote)
            throws Exception {
        for (int pair = 1; pair <= MAX_WARM_UP_PAIRS; pair++) {
            JitActivity jit = JitActivity.start();
            double[] l = measure(http, url, local, context.clients());
            double[] f = measure(http, url, remote, context.clients());
            context.say("  warm-up %d: local p50 %.2f ms, forwarded p50 %.2f ms, JIT compiling %.0f%% of the time (not counted)",
                    pair, l[0], f[0], 100 * jit.compileShare());
            if (jit.settled()) {
                return new WarmUp(pair, true);
            }
        }
        context.say("  the JIT had not settled after %d warm-up pairs: the rounds include its compiling", MAX_WARM_UP_PAIRS);
        return new WarmUp(MAX_WARM_UP_PAIRS, false);
    }

    /** Generates one day of records for the IPs, sends them, and returns the IPs. */
    private static List<String> load(BenchContext context, String bootstrap) {
        IpLogCodec codec = new IpLogCodec(ZoneOffset.UTC);
        Generator generator = new Generator(GeneratorConfig.of(context.ips(), 1, LocalDate.of(2022, 1, 3), ZoneOffset.UTC, 7, 0),
                context.templates(), Set.of());
        List<String> ips = generator.ips().stream().map(ip -> ip.srcIp()).toList();
        try (LogSender sender = new LogSender(bootstrap, IpPartitionMap.empty(), Map.of())) {
            new Loader(sender, null, Pacer.unlimited(), false, Progress.silent()).run(new GeneratedSource(generator, codec, label -> { }));
        }
        return ips;
    }

    /** p50 and p99 in milliseconds of {@code clients} threads each asking for random IPs of {@code ips}. */
    private static double[] measure(HttpClient http, String url, List<String> ips, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    long[] nanos = new long[REQUESTS_PER_CLIENT];
                    for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                        String ip = ips.get(ThreadLocalRandom.current().nextInt(ips.size()));
                        long start = System.nanoTime();
                        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/ips/" + ip + "/stats")).GET().build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        nanos[r] = System.nanoTime() - start;
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(ip + " answered " + response.statusCode());
                        }
                    }
                    return nanos;
                }));
            }
            long[] all = new long[clients * REQUESTS_PER_CLIENT];
            int i = 0;
            for (Future<long[]> future : futures) {
                for (long n : future.get()) {
                    all[i++] = n;
                }
            }
            Arrays.sort(all);
            return new double[] {all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6};
        } finally {
            pool.shutdownNow();
        }
    }
}

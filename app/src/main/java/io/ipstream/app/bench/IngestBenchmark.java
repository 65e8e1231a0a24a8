package io.ipstream.app.bench;

import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.ingest.Ingest;
import io.ipstream.forecasting.store.SeriesPoint;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.forecasting.store.TimeSeriesStores;
import io.ipstream.forecasting.store.Values;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Ingest ({@code ip-logs} into Redis: consume, parse, write nine points per record, commit) against a
 * bare Lettuce pipeline that ZADDs the same points, grouped per series, keys and members prepared in memory beforehand.
 * The difference is what ingest adds: Kafka, parsing, the last-write-wins script, labels, commits.
 */
public final class IngestBenchmark implements Benchmark {
    private static final int PIPELINE = 1000;

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        LoaderBenchmark data = LoaderBenchmark.prepare(context.broker().bootstrapServers(), context.work().resolve("records.jsonl"),
                context.templates(), context.records(), context.ips());
        data.bareProducer();
        List<SeriesPoint> points = BenchStores.points(data.values());
        BenchStores stores = context.stores();
        context.say("bench ingest: %,d records in ip-logs = %,d points, %,d IPs, Redis at %s, %d rounds",
                data.records(), points.size(), context.ips(), stores.redisUri(), context.rounds());
        context.say("  warm-up: bare pipeline %,.0f points/s, ingest %,.0f points/s (not counted)",
                barePipeline(stores, points), ingest(context, stores, data.records(), points.size()));
        Samples baseline = new Samples();
        Samples storeOnly = new Samples();
        Samples ours = new Samples();
        for (int round = 1; round <= context.rounds(); round++) {
            baseline.add(barePipeline(stores, points));
            storeOnly.add(storeOnly(stores, points));
            ours.add(ingest(context, stores, data.records(), points.size()));
            context.say("  round %d: bare pipeline %,.0f points/s, store alone %,.0f points/s, ingest %,.0f points/s",
                    round, baseline.values().get(round - 1), storeOnly.values().get(round - 1), ours.values().get(round - 1));
        }
        context.say("store alone (TimeSeriesStore.add, no Kafka): median %,.0f points/s, %.2f of the bare pipeline",
                storeOnly.median(), storeOnly.median() / baseline.median());
        Map<String, Object> result = new LinkedHashMap<>(
                Samples.report(context, "bare Lettuce pipeline", baseline, "ipstream ingest", ours, "points/s", points.size()));
        result.put("store_only_rps", Math.round(storeOnly.median()));
        return result;
    }

    /**
     * Points per second of pipelined ZADDs of the prepared points into a fresh prefix: one ZADD per
     * series and 1,000 points, all members of a series in one command, the fastest bare way to write them.
     */
    private static double barePipeline(BenchStores stores, List<SeriesPoint> points) {
        String prefix = BenchStores.freshPrefix();
        Map<String, List<ScoredValue<String>>> bySeries = new LinkedHashMap<>();
        for (SeriesPoint point : points) {
            bySeries.computeIfAbsent(prefix + ":" + point.series().metric().wireName() + ":" + point.series().srcIp(), k -> new ArrayList<>())
                    .add(ScoredValue.just(point.point().timestampMillis(),
                            point.point().timestampMillis() + ":" + Values.format(point.point().value())));
        }
        RedisClient client = RedisClient.create(stores.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> redis = connection.async();
            List<RedisFuture<Long>> pending = new ArrayList<>();
            long start = System.nanoTime();
            for (Map.Entry<String, List<ScoredValue<String>>> series : bySeries.entrySet()) {
                List<ScoredValue<String>> members = series.getValue();
                for (int from = 0; from < members.size(); from += PIPELINE) {
                    pending.add(redis.zadd(series.getKey(), members.subList(from, Math.min(members.size(), from + PIPELINE))
                            .toArray(ScoredValue[]::new)));
                }
            }
            LettuceFutures.awaitAll(5, TimeUnit.MINUTES, pending.toArray(new RedisFuture[0]));
            return points.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            client.shutdown();
            stores.deleteKeys(prefix);
        }
    }

    /** Points per second of the store writing the points in ingest's batches (2,000 records), without Kafka. */
    private static double storeOnly(BenchStores stores, List<SeriesPoint> points) {
        String prefix = BenchStores.freshPrefix();
        try (TimeSeriesStore store = TimeSeriesStores.connect(stores.redisUri(), prefix, Duration.ZERO)) {
            int batch = Ingest.MAX_POLL_RECORDS * Metric.ALL.size();
            long start = System.nanoTime();
            for (int from = 0; from < points.size(); from += batch) {
                store.add(points.subList(from, Math.min(points.size(), from + batch)));
            }
            return points.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            stores.deleteKeys(prefix);
        }
    }

    /** Points per second of ingest reading the whole topic in a new group into a fresh prefix. */
    private static double ingest(BenchContext context, BenchStores stores, int records, int points) {
        String prefix = BenchStores.freshPrefix();
        try (TimeSeriesStore store = TimeSeriesStores.connect(stores.redisUri(), prefix, Duration.ZERO);
             Ingest ingest = new Ingest(context.broker().bootstrapServers(), "bench-ingest-" + UUID.randomUUID(), store,
                     new IpLogCodec(ZoneOffset.UTC), Map.of(), (r, p) -> { })) {
            long start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(10).toNanos();
            while (ingest.records() < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ingest read " + ingest.records() + " of " + records + " records in 10 minutes");
                }
                ingest.pollOnce(Duration.ofMillis(200));
            }
            return points / ((System.nanoTime() - start) / 1e9);
        } finally {
            stores.deleteKeys(prefix);
        }
    }
}

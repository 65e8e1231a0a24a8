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
 * bare Lettuce pipeline that ZADDs the same points in the same batches, keys and members prepared in memory beforehand.
 * The difference is what ingest adds: Kafka, parsing, the last-write-wins script, labels, commits.
 */
public final class IngestBenchmark implements Benchmark {
    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        LoaderBenchmark data = LoaderBenchmark.prepare(context.broker().bootstrapServers(), context.work().resolve("records.jsonl"),
                context.templates(), context.records(), context.ips());
        data.bareProducer();
        List<SeriesPoint> points = BenchStores.points(data.values());
        BenchStores stores = context.stores();
        context.say("bench ingest: %,d records in ip-logs = %,d points, %,d IPs, Redis at %s, %d rounds",
                data.records(), points.size(), context.ips(), stores.redisUri(), context.rounds());
        int ingestBatch = Ingest.MAX_POLL_RECORDS * Metric.ALL.size();
        context.say("  warm-up: bare pipeline %,.0f points/s, ingest %,.0f points/s (not counted)",
                barePipeline(stores, points, ingestBatch), ingest(context, stores, data.records(), points.size()));
        Samples baseline = new Samples();
        Samples unbatched = new Samples();
        Samples storeOnly = new Samples();
        Samples ours = new Samples();
        for (int round = 1; round <= context.rounds(); round++) {
            baseline.add(barePipeline(stores, points, ingestBatch));
            unbatched.add(barePipeline(stores, points, points.size()));
            storeOnly.add(storeOnly(stores, points));
            ours.add(ingest(context, stores, data.records(), points.size()));
            context.say("  round %d: bare pipeline %,.0f points/s (in one batch %,.0f), store alone %,.0f points/s, ingest %,.0f points/s",
                    round, baseline.values().get(round - 1), unbatched.values().get(round - 1), storeOnly.values().get(round - 1),
                    ours.values().get(round - 1));
        }
        context.say("bare pipeline in one batch (a series' points in one ZADD, no acknowledgement until the end): median %,.0f points/s",
                unbatched.median());
        context.say("store alone (TimeSeriesStore.add in ingest's batches, no Kafka): median %,.0f points/s", storeOnly.median());
        Map<String, Object> result = new LinkedHashMap<>(Samples.report(context, "bare Lettuce pipeline (ingest's batches)", baseline,
                "ipstream ingest", ours, "points/s", points.size()));
        result.put("unbatched_pipeline_rps", Math.round(unbatched.median()));
        result.put("store_only_rps", Math.round(storeOnly.median()));
        return result;
    }

    /**
     * Points per second of pipelined ZADDs of the prepared points into a fresh prefix, in batches of
     * {@code batch} points acknowledged one by one (as ingest must before it commits), all points of
     * a series in a batch in one ZADD.
     */
    private static double barePipeline(BenchStores stores, List<SeriesPoint> points, int batch) {
        String prefix = BenchStores.freshPrefix();
        List<Map<String, List<ScoredValue<String>>>> batches = new ArrayList<>();
        for (int from = 0; from < points.size(); from += batch) {
            Map<String, List<ScoredValue<String>>> bySeries = new LinkedHashMap<>();
            for (SeriesPoint point : points.subList(from, Math.min(points.size(), from + batch))) {
                bySeries.computeIfAbsent(prefix + ":" + point.series().metric().wireName() + ":" + point.series().srcIp(),
                                k -> new ArrayList<>())
                        .add(ScoredValue.just(point.point().timestampMillis(),
                                point.point().timestampMillis() + ":" + Values.format(point.point().value())));
            }
            batches.add(bySeries);
        }
        RedisClient client = RedisClient.create(stores.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> redis = connection.async();
            long start = System.nanoTime();
            for (Map<String, List<ScoredValue<String>>> bySeries : batches) {
                List<RedisFuture<Long>> pending = new ArrayList<>(bySeries.size());
                bySeries.forEach((key, members) -> pending.add(redis.zadd(key, members.toArray(ScoredValue[]::new))));
                LettuceFutures.awaitAll(1, TimeUnit.MINUTES, pending.toArray(new RedisFuture[0]));
            }
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

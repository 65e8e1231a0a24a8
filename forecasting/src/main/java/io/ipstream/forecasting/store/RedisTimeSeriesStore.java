package io.ipstream.forecasting.store;

import io.ipstream.common.Metric;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store on RedisTimeSeries (Redis 8, Redis Stack), through Lettuce's {@code dispatch}: TS.CREATE
 * on first use (DUPLICATE_POLICY LAST, labels srcIP, dataType and the store's prefix), TS.MADD in
 * batches, TS.RANGE, TS.MRANGE and TS.QUERYINDEX filtered by label, TS.GET, TS.DEL.
 */
final class RedisTimeSeriesStore implements TimeSeriesStore {
    /** Label that keeps stores with different prefixes (tests, deployments) apart in TS.MRANGE. */
    static final String STORE_LABEL = "ipstreamStore";
    private static final int BATCH = 1000;

    private enum Ts implements ProtocolKeyword {
        CREATE("TS.CREATE"), MADD("TS.MADD"), RANGE("TS.RANGE"), MRANGE("TS.MRANGE"), DEL("TS.DEL"), INFO("TS.INFO"),
        GET("TS.GET"), QUERYINDEX("TS.QUERYINDEX");

        private final byte[] bytes;

        Ts(String name) {
            this.bytes = name.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] getBytes() {
            return bytes;
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final SeriesKeys keys;
    private final long retentionMillis;
    private final Set<SeriesKey> created = ConcurrentHashMap.newKeySet();

    RedisTimeSeriesStore(RedisClient client, StatefulRedisConnection<String, String> connection, SeriesKeys keys, Duration retention) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
        this.keys = keys;
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void add(List<SeriesPoint> points) {
        List<SeriesPoint> missing = madd(points);
        if (!missing.isEmpty()) {
            // The server lost keys this store had created (a restart without persistence): create them again, once.
            missing.stream().map(SeriesPoint::series).distinct().forEach(created::remove);
            List<SeriesPoint> stillMissing = madd(missing);
            if (!stillMissing.isEmpty()) {
                throw new IllegalStateException("TS.MADD refused " + stillMissing.size() + " points of series it was told to create, e.g. "
                        + keys.key(stillMissing.get(0).series()));
            }
        }
    }

    /** Creates unknown series and writes the points; returns those whose series the server did not have. */
    private List<SeriesPoint> madd(List<SeriesPoint> points) {
        points.stream().map(SeriesPoint::series).distinct().filter(s -> !created.contains(s)).forEach(this::create);
        List<SeriesPoint> missing = new ArrayList<>();
        for (int start = 0; start < points.size(); start += BATCH) {
            List<SeriesPoint> chunk = points.subList(start, Math.min(points.size(), start + BATCH));
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
            for (SeriesPoint point : chunk) {
                args.addKey(keys.key(point.series())).add(point.point().timestampMillis()).add(Values.format(point.point().value()));
            }
            List<Object> replies = redis.dispatch(Ts.MADD, new NestedMultiOutput<>(StringCodec.UTF8), args);
            for (int i = 0; i < replies.size(); i++) {
                if (replies.get(i) instanceof Throwable failure) {
                    if (!String.valueOf(failure.getMessage()).contains("does not exist")) {
                        throw new IllegalStateException("TS.MADD refused a point: " + failure.getMessage(), failure);
                    }
                    missing.add(chunk.get(i));
                }
            }
        }
        return missing;
    }

    private void create(SeriesKey series) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(keys.key(series))
                .add("RETENTION").add(retentionMillis).add("DUPLICATE_POLICY").add("LAST")
                .add("LABELS").add(SRC_IP_LABEL).add(series.srcIp()).add(DATA_TYPE_LABEL).add(series.metric().wireName())
                .add(STORE_LABEL).add(keys.prefix());
        try {
            redis.dispatch(Ts.CREATE, new StatusOutput<>(StringCodec.UTF8), args);
        } catch (RedisCommandExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("already exists")) {
                throw e;
            }
        }
        created.add(series);
    }

    @Override
    public List<Point> range(SeriesKey series, long fromMillis, long toMillis) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(keys.key(series)).add(fromMillis).add(toMillis);
        try {
            return points(redis.dispatch(Ts.RANGE, new NestedMultiOutput<>(StringCodec.UTF8), args));
        } catch (RedisCommandExecutionException e) {
            if (String.valueOf(e.getMessage()).contains("key does not exist")) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public Map<SeriesKey, List<Point>> rangeByMetric(Metric metric, long fromMillis, long toMillis) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(fromMillis).add(toMillis)
                .add("FILTER").add(DATA_TYPE_LABEL + "=" + metric.wireName()).add(STORE_LABEL + "=" + keys.prefix());
        Map<SeriesKey, List<Point>> result = new TreeMap<>(Comparator.comparing(SeriesKey::srcIp));
        for (Object entry : redis.dispatch(Ts.MRANGE, new NestedMultiOutput<>(StringCodec.UTF8), args)) {
            List<?> fields = (List<?>) entry;
            SeriesKey series = keys.parse(String.valueOf(fields.get(0)));
            if (series != null) {
                result.put(series, points((List<?>) fields.get(2)));
            }
        }
        return result;
    }

    @Override
    public List<SeriesKey> series(Metric metric) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8)
                .add(DATA_TYPE_LABEL + "=" + metric.wireName()).add(STORE_LABEL + "=" + keys.prefix());
        List<SeriesKey> series = new ArrayList<>();
        for (Object key : redis.dispatch(Ts.QUERYINDEX, new NestedMultiOutput<>(StringCodec.UTF8), args)) {
            SeriesKey parsed = keys.parse(String.valueOf(key));
            if (parsed != null) {
                series.add(parsed);
            }
        }
        return series;
    }

    /** Two pipelined rounds: TS.GET of every series, then TS.RANGE of the old points of those with any. */
    @Override
    public Map<SeriesKey, List<Point>> olderThanNewest(List<SeriesKey> series, long ageMillis) {
        RedisAsyncCommands<String, String> async = connection.async();
        List<RedisFuture<List<Object>>> newest = new ArrayList<>(series.size());
        for (SeriesKey s : series) {
            newest.add(async.dispatch(Ts.GET, new NestedMultiOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(keys.key(s))));
        }
        List<List<Object>> newestSamples = awaitSkippingMissing(newest);
        List<SeriesKey> withPoints = new ArrayList<>();
        List<RedisFuture<List<Object>>> old = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            List<Object> sample = newestSamples.get(i);
            if (!sample.isEmpty()) {
                long cutoff = ((Number) sample.get(0)).longValue() - ageMillis;
                withPoints.add(series.get(i));
                old.add(async.dispatch(Ts.RANGE, new NestedMultiOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).addKey(keys.key(series.get(i))).add("-").add(cutoff)));
            }
        }
        List<List<Object>> oldSamples = awaitSkippingMissing(old);
        Map<SeriesKey, List<Point>> result = new LinkedHashMap<>();
        for (int i = 0; i < withPoints.size(); i++) {
            if (!oldSamples.get(i).isEmpty()) {
                result.put(withPoints.get(i), points(oldSamples.get(i)));
            }
        }
        return result;
    }

    /**
     * TS.DEL of each point's own timestamp, pipelined. RedisTimeSeries cannot delete by value, so a
     * point rewritten between read and removal goes too; the archive has its earlier value.
     */
    @Override
    public long remove(Map<SeriesKey, List<Point>> points) {
        RedisAsyncCommands<String, String> async = connection.async();
        List<RedisFuture<Long>> replies = new ArrayList<>();
        points.forEach((series, seriesPoints) -> {
            for (Point point : seriesPoints) {
                CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(keys.key(series))
                        .add(point.timestampMillis()).add(point.timestampMillis());
                replies.add(async.dispatch(Ts.DEL, new IntegerOutput<>(StringCodec.UTF8), args));
            }
        });
        return Replies.await(replies, connection.getTimeout()).stream().mapToLong(Long::longValue).sum();
    }

    /** Replies in order; a series that does not exist (any more) answers as empty. */
    private List<List<Object>> awaitSkippingMissing(List<RedisFuture<List<Object>>> pending) {
        List<List<Object>> replies = new ArrayList<>(pending.size());
        for (RedisFuture<List<Object>> reply : pending) {
            try {
                replies.add(Replies.await(List.of(reply), connection.getTimeout()).get(0));
            } catch (RedisCommandExecutionException e) {
                if (!String.valueOf(e.getMessage()).contains("key does not exist")) {
                    throw e;
                }
                replies.add(List.of());
            }
        }
        return replies;
    }

    @Override
    public Map<String, String> labels(SeriesKey series) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(keys.key(series));
        List<Object> info;
        try {
            info = redis.dispatch(Ts.INFO, new NestedMultiOutput<>(StringCodec.UTF8), args);
        } catch (RedisCommandExecutionException e) {
            return Map.of();
        }
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if ("labels".equals(String.valueOf(info.get(i)))) {
                for (Object pair : (List<?>) info.get(i + 1)) {
                    List<?> nameValue = (List<?>) pair;
                    labels.put(String.valueOf(nameValue.get(0)), String.valueOf(nameValue.get(1)));
                }
            }
        }
        labels.remove(STORE_LABEL);
        return labels;
    }

    @Override
    public boolean reachable() {
        return Replies.answersPing(connection, Duration.ofSeconds(1));
    }

    @Override
    public String kind() {
        return "RedisTimeSeries";
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    private static List<Point> points(List<?> samples) {
        List<Point> points = new ArrayList<>(samples.size());
        for (Object sample : samples) {
            List<?> pair = (List<?>) sample;
            points.add(new Point(((Number) pair.get(0)).longValue(), Double.parseDouble(String.valueOf(pair.get(1)))));
        }
        return points;
    }
}

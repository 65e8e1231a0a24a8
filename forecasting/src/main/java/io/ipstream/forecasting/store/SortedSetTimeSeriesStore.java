package io.ipstream.forecasting.store;

import io.ipstream.common.Metric;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store on plain Redis (no TimeSeries module): one sorted set per series, score = timestamp,
 * member = "timestamp:value". A Lua script replaces a timestamp's point atomically (last write
 * wins), records the series in its metric's index and applies the retention, as TS.MADD would.
 */
final class SortedSetTimeSeriesStore implements TimeSeriesStore {
    /**
     * KEYS: per series its key, its metric's index and its labels key. ARGV: the retention in ms, then
     * per series the number of points, srcIP, dataType, whether to (re)write its labels and index
     * entry ("1") or not ("0"), and the timestamp/value pairs.
     */
    private static final String ADD_SCRIPT = String.join("\n",
            "local retention = tonumber(ARGV[1])",
            "local a = 2",
            "for k = 1, #KEYS, 3 do",
            "  local n = tonumber(ARGV[a])",
            "  if ARGV[a + 3] == '1' then",
            "    redis.call('HSET', KEYS[k + 2], '" + SRC_IP_LABEL + "', ARGV[a + 1], '" + DATA_TYPE_LABEL + "', ARGV[a + 2])",
            "    redis.call('SADD', KEYS[k + 1], KEYS[k])",
            "  end",
            "  a = a + 4",
            "  for i = 1, n do",
            "    redis.call('ZREMRANGEBYSCORE', KEYS[k], ARGV[a], ARGV[a])",
            "    redis.call('ZADD', KEYS[k], ARGV[a], ARGV[a] .. ':' .. ARGV[a + 1])",
            "    a = a + 2",
            "  end",
            "  if retention > 0 then",
            "    local last = redis.call('ZRANGE', KEYS[k], -1, -1, 'WITHSCORES')",
            "    if last[2] then redis.call('ZREMRANGEBYSCORE', KEYS[k], '-inf', '(' .. (tonumber(last[2]) - retention)) end",
            "  end",
            "end",
            "return a");
    private static final int BATCH = 1000;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final SeriesKeys keys;
    private final long retentionMillis;
    private volatile String addSha;
    /**
     * Series whose labels and index entry this store has written: later writes skip them (half the
     * script's commands when a batch holds one point per series). Cleared when the server forgets
     * the script, which is when it restarted and may have lost them.
     */
    private final Set<SeriesKey> indexed = ConcurrentHashMap.newKeySet();

    SortedSetTimeSeriesStore(RedisClient client, StatefulRedisConnection<String, String> connection, SeriesKeys keys, Duration retention) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
        this.async = connection.async();
        this.addSha = redis.scriptLoad(ADD_SCRIPT);
        this.keys = keys;
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void add(List<SeriesPoint> points) {
        try {
            addPipelined(points);
        } catch (RedisNoScriptException e) {
            // The server lost its script cache (a restart, SCRIPT FLUSH): load it again; writing the batch twice is harmless.
            addSha = redis.scriptLoad(ADD_SCRIPT);
            indexed.clear();
            addPipelined(points);
        }
    }

    /**
     * The points go in scripts of up to {@value #BATCH} points over any number of series, all sent
     * before any reply is awaited: a batch costs a few round trips, not one per series.
     */
    private void addPipelined(List<SeriesPoint> points) {
        Map<SeriesKey, List<Point>> bySeries = new LinkedHashMap<>();
        points.forEach(p -> bySeries.computeIfAbsent(p.series(), s -> new ArrayList<>()).add(p.point()));
        List<RedisFuture<Long>> replies = new ArrayList<>();
        List<String> scriptKeys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        int pointsInScript = 0;
        args.add(Long.toString(retentionMillis));
        for (Map.Entry<SeriesKey, List<Point>> entry : bySeries.entrySet()) {
            SeriesKey series = entry.getKey();
            List<Point> seriesPoints = entry.getValue();
            for (int start = 0; start < seriesPoints.size(); start += BATCH) {
                List<Point> chunk = seriesPoints.subList(start, Math.min(seriesPoints.size(), start + BATCH));
                scriptKeys.add(keys.key(series));
                scriptKeys.add(keys.metricIndex(series.metric()));
                scriptKeys.add(keys.labelsKey(series));
                args.add(Integer.toString(chunk.size()));
                args.add(series.srcIp());
                args.add(series.metric().wireName());
                args.add(indexed.contains(series) ? "0" : "1");
                for (Point point : chunk) {
                    args.add(Long.toString(point.timestampMillis()));
                    args.add(Values.format(point.value()));
                }
                pointsInScript += chunk.size();
                if (pointsInScript >= BATCH) {
                    replies.add(async.evalsha(addSha, ScriptOutputType.INTEGER, scriptKeys.toArray(String[]::new), args.toArray(String[]::new)));
                    scriptKeys.clear();
                    args.subList(1, args.size()).clear();
                    pointsInScript = 0;
                }
            }
        }
        if (!scriptKeys.isEmpty()) {
            replies.add(async.evalsha(addSha, ScriptOutputType.INTEGER, scriptKeys.toArray(String[]::new), args.toArray(String[]::new)));
        }
        Replies.await(replies, connection.getTimeout());
        indexed.addAll(bySeries.keySet());
    }

    @Override
    public List<Point> range(SeriesKey series, long fromMillis, long toMillis) {
        return parse(redis.zrangebyscore(keys.key(series), Range.create(fromMillis, toMillis)));
    }

    @Override
    public Map<SeriesKey, List<Point>> rangeByMetric(Metric metric, long fromMillis, long toMillis) {
        Map<SeriesKey, List<Point>> result = new TreeMap<>(java.util.Comparator.comparing(SeriesKey::srcIp));
        for (String key : redis.smembers(keys.metricIndex(metric))) {
            SeriesKey series = keys.parse(key);
            if (series != null) {
                result.put(series, parse(redis.zrangebyscore(key, Range.create(fromMillis, toMillis))));
            }
        }
        return result;
    }

    @Override
    public List<SeriesKey> series(Metric metric) {
        List<SeriesKey> series = new ArrayList<>();
        for (String key : redis.smembers(keys.metricIndex(metric))) {
            SeriesKey parsed = keys.parse(key);
            if (parsed != null) {
                series.add(parsed);
            }
        }
        return series;
    }

    /** Two pipelined rounds: every series' newest point, then every series' old points. */
    @Override
    public Map<SeriesKey, List<Point>> olderThanNewest(List<SeriesKey> series, long ageMillis) {
        List<RedisFuture<List<ScoredValue<String>>>> newest = new ArrayList<>(series.size());
        series.forEach(s -> newest.add(async.zrangeWithScores(keys.key(s), -1, -1)));
        List<List<ScoredValue<String>>> newestPoints = Replies.await(newest, connection.getTimeout());
        List<SeriesKey> withPoints = new ArrayList<>();
        List<RedisFuture<List<String>>> old = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            if (!newestPoints.get(i).isEmpty()) {
                long cutoff = (long) newestPoints.get(i).get(0).getScore() - ageMillis;
                withPoints.add(series.get(i));
                old.add(async.zrangebyscore(keys.key(series.get(i)), Range.create(Double.NEGATIVE_INFINITY, (double) cutoff)));
            }
        }
        List<List<String>> oldMembers = Replies.await(old, connection.getTimeout());
        Map<SeriesKey, List<Point>> result = new LinkedHashMap<>();
        for (int i = 0; i < withPoints.size(); i++) {
            if (!oldMembers.get(i).isEmpty()) {
                result.put(withPoints.get(i), parse(oldMembers.get(i)));
            }
        }
        return result;
    }

    /** Pipelined ZREMs of the exact members: a point rewritten with another value since it was read is another member and stays. */
    @Override
    public long remove(Map<SeriesKey, List<Point>> points) {
        List<RedisFuture<Long>> replies = new ArrayList<>();
        points.forEach((series, seriesPoints) -> {
            for (int start = 0; start < seriesPoints.size(); start += BATCH) {
                List<Point> chunk = seriesPoints.subList(start, Math.min(seriesPoints.size(), start + BATCH));
                replies.add(async.zrem(keys.key(series), chunk.stream().map(SortedSetTimeSeriesStore::member).toArray(String[]::new)));
            }
        });
        return Replies.await(replies, connection.getTimeout()).stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Map<String, String> labels(SeriesKey series) {
        return redis.hgetall(keys.labelsKey(series));
    }

    @Override
    public boolean reachable() {
        return Replies.answersPing(connection, Duration.ofSeconds(1));
    }

    @Override
    public String kind() {
        return "sorted sets";
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    private static String member(Point point) {
        return point.timestampMillis() + ":" + Values.format(point.value());
    }

    private static List<Point> parse(List<String> members) {
        List<Point> points = new ArrayList<>(members.size());
        for (String member : members) {
            int colon = member.indexOf(':');
            points.add(new Point(Long.parseLong(member.substring(0, colon)), Double.parseDouble(member.substring(colon + 1))));
        }
        return points;
    }
}

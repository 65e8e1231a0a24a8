package io.ipstream.forecasting.store;

import io.ipstream.common.Metric;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The store on plain Redis (no TimeSeries module): one sorted set per series, score = timestamp,
 * member = "timestamp:value". A Lua script replaces a timestamp's point atomically (last write
 * wins), records the series in its metric's index and applies the retention, as TS.MADD would.
 */
final class SortedSetTimeSeriesStore implements TimeSeriesStore {
    /** KEYS: series, index, labels. ARGV: retention ms, srcIP, dataType, then timestamp/value pairs. */
    private static final String ADD_SCRIPT = String.join("\n",
            "local newest = nil",
            "for i = 4, #ARGV, 2 do",
            "  local ts = tonumber(ARGV[i])",
            "  redis.call('ZREMRANGEBYSCORE', KEYS[1], ts, ts)",
            "  redis.call('ZADD', KEYS[1], ts, ARGV[i] .. ':' .. ARGV[i + 1])",
            "end",
            "redis.call('SADD', KEYS[2], KEYS[1])",
            "redis.call('HSET', KEYS[3], '" + SRC_IP_LABEL + "', ARGV[2], '" + DATA_TYPE_LABEL + "', ARGV[3])",
            "local retention = tonumber(ARGV[1])",
            "if retention > 0 then",
            "  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')",
            "  if last[2] then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (tonumber(last[2]) - retention)) end",
            "end",
            "return #ARGV");
    private static final int BATCH = 1000;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final SeriesKeys keys;
    private final long retentionMillis;

    SortedSetTimeSeriesStore(RedisClient client, StatefulRedisConnection<String, String> connection, SeriesKeys keys, Duration retention) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
        this.keys = keys;
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void add(List<SeriesPoint> points) {
        Map<SeriesKey, List<Point>> bySeries = new LinkedHashMap<>();
        points.forEach(p -> bySeries.computeIfAbsent(p.series(), s -> new ArrayList<>()).add(p.point()));
        bySeries.forEach((series, seriesPoints) -> {
            for (int start = 0; start < seriesPoints.size(); start += BATCH) {
                List<Point> chunk = seriesPoints.subList(start, Math.min(seriesPoints.size(), start + BATCH));
                String[] args = new String[3 + 2 * chunk.size()];
                args[0] = Long.toString(retentionMillis);
                args[1] = series.srcIp();
                args[2] = series.metric().wireName();
                for (int i = 0; i < chunk.size(); i++) {
                    args[3 + 2 * i] = Long.toString(chunk.get(i).timestampMillis());
                    args[4 + 2 * i] = Values.format(chunk.get(i).value());
                }
                redis.eval(ADD_SCRIPT, ScriptOutputType.INTEGER,
                        new String[] {keys.key(series), keys.metricIndex(series.metric()), keys.labelsKey(series)}, args);
            }
        });
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

    @Override
    public OptionalLong newest(SeriesKey series) {
        List<ScoredValue<String>> last = redis.zrangeWithScores(keys.key(series), -1, -1);
        return last.isEmpty() ? OptionalLong.empty() : OptionalLong.of((long) last.get(0).getScore());
    }

    /** ZREM of the exact members: a point rewritten with another value since it was read is another member and stays. */
    @Override
    public long remove(SeriesKey series, List<Point> points) {
        long removed = 0;
        for (int start = 0; start < points.size(); start += BATCH) {
            List<Point> chunk = points.subList(start, Math.min(points.size(), start + BATCH));
            String[] members = new String[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                members[i] = member(chunk.get(i));
            }
            removed += redis.zrem(keys.key(series), members);
        }
        return removed;
    }

    @Override
    public Map<String, String> labels(SeriesKey series) {
        return redis.hgetall(keys.labelsKey(series));
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

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpStats;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.common.MetricStats;
import io.ipstream.loader.InputRecord;
import io.ipstream.loader.RecordSources;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fault tests' yardstick: every metric's statistics per IP, computed straight from the input, and a
 * bounded wait until every instance's {@code GET /api/ips/{ip}/stats} answers the same statistics
 * from each instance, equal to those computed here for all nine metrics.
 */
final class ExactStats {
    private static final ZoneOffset ZONE = ZoneOffset.UTC;
    /** The served mean and variance are doubles derived from exact sums: a few rounding steps, far below this. */
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private ExactStats() {
    }

    /** One IP's statistics computed from its input records, once, with other arithmetic than the topology's. */
    record InputStats(long count, Map<Metric, MetricFromInput> metrics) {
        MetricFromInput metric(Metric metric) {
            return metrics.get(metric);
        }

        private static InputStats of(Map<Metric, List<Long>> values) {
            Map<Metric, MetricFromInput> metrics = new EnumMap<>(Metric.class);
            values.forEach((metric, metricValues) -> metrics.put(metric, MetricFromInput.of(metricValues)));
            return new InputStats(values.get(Metric.ALL.get(0)).size(), metrics);
        }
    }

    /**
     * One metric's statistics over its values: the mean by decimal division, and the variance in two
     * passes as the mean squared deviation from that mean (population variance), not from sums of squares.
     */
    record MetricFromInput(BigInteger sum, long min, long max, BigDecimal mean, BigDecimal variance) {
        private static final MathContext PRECISION = MathContext.DECIMAL128;

        private static MetricFromInput of(List<Long> values) {
            BigInteger sum = values.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
            BigDecimal count = BigDecimal.valueOf(values.size());
            BigDecimal mean = new BigDecimal(sum).divide(count, PRECISION);
            BigDecimal squaredDeviations = values.stream()
                    .map(value -> BigDecimal.valueOf(value).subtract(mean).pow(2, PRECISION))
                    .reduce(BigDecimal.ZERO, (a, b) -> a.add(b, PRECISION));
            return new MetricFromInput(sum, values.stream().mapToLong(Long::longValue).min().orElseThrow(),
                    values.stream().mapToLong(Long::longValue).max().orElseThrow(), mean, squaredDeviations.divide(count, PRECISION));
        }
    }

    /** Per-IP statistics of input files (CSV or JSON Lines) read as the loader reads them; every record must be valid. */
    static Map<String, InputStats> fromFiles(Path... inputs) {
        RecordSources sources = new RecordSources(new IpLogCodec(ZONE));
        Map<String, Map<Metric, List<Long>>> values = new TreeMap<>();
        for (Path input : inputs) {
            for (InputRecord record : RecordSources.readAll(sources.open(input, null))) {
                assertThat(record.isValid()).as(record.origin() + ": " + record.rejection()).isTrue();
                add(values, record.log());
            }
        }
        Map<String, InputStats> stats = new TreeMap<>();
        values.forEach((ip, ipValues) -> stats.put(ip, InputStats.of(ipValues)));
        return stats;
    }

    private static void add(Map<String, Map<Metric, List<Long>>> values, IpLog log) {
        Map<Metric, List<Long>> ipValues = values.computeIfAbsent(log.srcIp(), ip -> new EnumMap<>(Metric.class));
        for (Metric metric : Metric.ALL) {
            ipValues.computeIfAbsent(metric, m -> new ArrayList<>()).add(log.value(metric));
        }
    }

    /**
     * Waits (three minutes at most) until every instance answers every IP's statistics identically,
     * equal to {@code expected} in count, sum, min, max, mean and variance of every metric; 503s and
     * refused connections on the way are allowed (rebalances, restarts).
     */
    static void awaitServed(Map<String, InputStats> expected, List<StreamsProcess> instances) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (Map.Entry<String, InputStats> ip : expected.entrySet()) {
                IpStats first = served(instances.get(0), ip.getKey());
                assertEqualsInput(ip.getKey(), first, ip.getValue());
                for (StreamsProcess instance : instances.subList(1, instances.size())) {
                    assertThat(served(instance, ip.getKey())).as(instance.url() + " " + ip.getKey() + " as from " + instances.get(0).url())
                            .isEqualTo(first);
                }
            }
        });
    }

    private static IpStats served(StreamsProcess instance, String ip) {
        HttpResponse<String> response = instance.get("/api/ips/" + ip + "/stats");
        assertThat(response).as(instance.url()).isNotNull();
        assertThat(response.statusCode()).as(instance.url() + " " + ip + ": " + response.body()).isEqualTo(200);
        return read(response.body());
    }

    private static void assertEqualsInput(String ip, IpStats served, InputStats input) {
        assertThat(served.count()).as(ip).isEqualTo(input.count());
        for (Metric metric : Metric.ALL) {
            String what = ip + " " + metric.wireName();
            MetricStats stats = served.metric(metric);
            MetricFromInput expected = input.metric(metric);
            assertThat(stats).as(what).isNotNull();
            assertThat(stats.sum()).as(what + " sum").isEqualTo(expected.sum());
            assertThat(stats.min()).as(what + " min").isEqualTo(expected.min());
            assertThat(stats.max()).as(what + " max").isEqualTo(expected.max());
            assertCloseTo(what + " mean", stats.mean(), expected.mean());
            assertCloseTo(what + " variance", stats.variance(), expected.variance());
        }
    }

    /** Within the relative tolerance of {@code expected}, or of 1 for values below 1 (a variance of 0 stays exact to 1e-9). */
    private static void assertCloseTo(String what, double actual, BigDecimal expected) {
        double value = expected.doubleValue();
        assertThat(actual).as(what).isCloseTo(value, within(RELATIVE_TOLERANCE * Math.max(1, Math.abs(value))));
    }

    private static IpStats read(String body) {
        try {
            return Json.MAPPER.readValue(body, new TypeReference<IpStats>() { });
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}

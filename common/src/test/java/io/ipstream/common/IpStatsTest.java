package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class IpStatsTest {
    private static final String IP = "229.46.205.74";
    private static final MathContext PRECISE = MathContext.DECIMAL128;

    /** The seed rows of one IP, read with String.split and built into records by hand. */
    private static List<IpLog> seedLogsOf(String ip) {
        return SeedData.ipLogs().stream().filter(log -> log.srcIp().equals(ip)).toList();
    }

    private static IpStats fold(List<IpLog> logs) {
        IpStats stats = IpStats.EMPTY;
        for (IpLog log : logs) {
            stats = stats.plus(log);
        }
        return stats;
    }

    private static void assertRelativelyClose(double actual, BigDecimal expected, String what) {
        double tolerance = Math.max(expected.abs().doubleValue() * 1e-9, 1e-12);
        assertThat(actual).as(what).isCloseTo(expected.doubleValue(), within(tolerance));
    }

    @Test
    void shouldMatchAnIndependentComputationOverTheSeedRowsOfOneIp() {
        // given
        List<IpLog> logs = seedLogsOf(IP);

        // when
        IpStats stats = fold(logs);

        // then
        assertThat(logs).hasSize(1650);
        assertThat(stats.srcIp()).isEqualTo(IP);
        assertThat(stats.count()).isEqualTo(logs.size());
        assertThat(stats.firstTimestamp()).isEqualTo(logs.stream().map(IpLog::timestamp).min(Instant::compareTo).orElseThrow());
        assertThat(stats.lastTimestamp()).isEqualTo(logs.stream().map(IpLog::timestamp).max(Instant::compareTo).orElseThrow());
        BigDecimal n = BigDecimal.valueOf(logs.size());
        for (Metric metric : Metric.ALL) {
            List<Long> values = logs.stream().map(log -> log.value(metric)).toList();
            BigDecimal sum = values.stream().map(BigDecimal::valueOf).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal mean = sum.divide(n, PRECISE);
            BigDecimal variance = values.stream()
                    .map(v -> BigDecimal.valueOf(v).subtract(mean).pow(2))
                    .reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(n, PRECISE);
            BigInteger sumOfSquares = values.stream().map(v -> BigInteger.valueOf(v).pow(2)).reduce(BigInteger.ZERO, BigInteger::add);

            MetricStats actual = stats.metric(metric);
            String name = metric.wireName();
            assertThat(actual.sum()).as(name + " sum").isEqualTo(sum.toBigIntegerExact());
            assertThat(actual.min()).as(name + " min").isEqualTo(Collections.min(values));
            assertThat(actual.max()).as(name + " max").isEqualTo(Collections.max(values));
            assertThat(actual.sumOfSquares()).as(name + " sum of squares").isEqualTo(sumOfSquares);
            assertRelativelyClose(actual.mean(), mean, name + " mean");
            assertRelativelyClose(stats.mean(metric), mean, name + " mean via IpStats");
            assertRelativelyClose(actual.variance(), variance, name + " population variance");
        }
    }

    @Test
    void shouldGiveTheSameStatisticsForOneRecord() {
        // given
        IpLog log = seedLogsOf("46.39.79.251").get(0);

        // when
        IpStats stats = IpStats.EMPTY.plus(log);

        // then
        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.firstTimestamp()).isEqualTo(log.timestamp()).isEqualTo(stats.lastTimestamp());
        assertThat(stats.metric(Metric.BYTESIN)).isEqualTo(new MetricStats(BigInteger.valueOf(23066), 23066, 23066, 23066.0, 0.0,
                BigInteger.valueOf(23066L * 23066L)));
    }

    @Test
    void shouldGiveIdenticalStatisticsWhateverTheOrderOfRecords() {
        // given
        List<IpLog> logs = seedLogsOf(IP);
        List<IpLog> reversed = new ArrayList<>(logs);
        Collections.reverse(reversed);

        // when
        IpStats forward = fold(logs);
        IpStats backward = fold(reversed);

        // then
        assertThat(backward).isEqualTo(forward);
    }

    @Test
    void shouldRoundTripThroughTheJsonSerde() {
        // given
        IpStats stats = fold(seedLogsOf("187.44.158.33"));
        Serde<IpStats> serde = Json.serde(IpStats.class);

        // when
        byte[] bytes = serde.serializer().serialize(Topics.IP_AVERAGES, stats);
        IpStats read = serde.deserializer().deserialize(Topics.IP_AVERAGES, bytes);

        // then
        assertThat(read).isEqualTo(stats);
    }

    @Test
    void shouldReportNoMeanBeforeAnyRecord() {
        // when / then
        assertThat(IpStats.EMPTY.mean(Metric.BYTESIN)).isNaN();
    }

    @Test
    void shouldSumCountsPastSixtyFourBitsWithoutOverflow() {
        // given: two records whose byte counts are each the largest 64-bit value
        long[] values = new long[Metric.ALL.size()];
        Arrays.fill(values, Long.MAX_VALUE);
        IpLog first = new IpLog("10.0.0.1", 0, values);
        IpLog second = new IpLog("10.0.0.1", 3_600_000, values);

        // when
        IpStats stats = IpStats.EMPTY.plus(first).plus(second);

        // then
        MetricStats bytes = stats.metric(Metric.BYTESIN);
        assertThat(bytes.sum()).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).shiftLeft(1));
        assertThat(bytes.mean()).isEqualTo((double) Long.MAX_VALUE);
        assertThat(bytes.variance()).isZero();
    }
}

package io.ipstream.common;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigInteger;

/**
 * Running statistics of one metric. Sums are exact integers of any size (64-bit byte counts add up
 * past 64 bits, and their squares sooner), so the mean and variance do not depend on the order records arrive in,
 * and a replay in another order gives bit-identical results. Variance is the population variance.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricStats(BigInteger sum, long min, long max, double mean, double variance, BigInteger sumOfSquares) {

    public static MetricStats of(long value) {
        BigInteger big = BigInteger.valueOf(value);
        return of(1, big, value, value, big.multiply(big));
    }

    /**
     * The mean and variance are derived from the exact sums in double arithmetic: the integers are
     * rounded once each (BigInteger.doubleValue rounds to nearest), so the result depends only on the
     * sums, and it costs a few nanoseconds instead of two BigDecimal divisions per metric and record.
     */
    static MetricStats of(long count, BigInteger total, long min, long max, BigInteger sumOfSquares) {
        double n = count;
        double mean = total.doubleValue() / n;
        BigInteger spread = sumOfSquares.multiply(BigInteger.valueOf(count)).subtract(total.multiply(total));
        double variance = spread.doubleValue() / (n * n);
        return new MetricStats(total, min, max, mean, variance, sumOfSquares);
    }

    /** These statistics and {@code other}'s together, exactly; {@code newCount} is the count of both. */
    public MetricStats merge(MetricStats other, long newCount) {
        return of(newCount, sum.add(other.sum), Math.min(min, other.min), Math.max(max, other.max), sumOfSquares.add(other.sumOfSquares));
    }

    /** These statistics with one more value; {@code newCount} is the count including it. */
    public MetricStats plus(long value, long newCount) {
        BigInteger big = BigInteger.valueOf(value);
        return of(newCount, sum.add(big), Math.min(min, value), Math.max(max, value), sumOfSquares.add(big.multiply(big)));
    }
}

package io.ipstream.common;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

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

    static MetricStats of(long count, BigInteger total, long min, long max, BigInteger sumOfSquares) {
        BigInteger n = BigInteger.valueOf(count);
        double mean = new BigDecimal(total).divide(new BigDecimal(n), MathContext.DECIMAL64).doubleValue();
        BigInteger spread = sumOfSquares.multiply(n).subtract(total.multiply(total));
        double variance = new BigDecimal(spread).divide(new BigDecimal(n.multiply(n)), MathContext.DECIMAL64).doubleValue();
        return new MetricStats(total, min, max, mean, variance, sumOfSquares);
    }

    /** These statistics with one more value; {@code newCount} is the count including it. */
    public MetricStats plus(long value, long newCount) {
        BigInteger big = BigInteger.valueOf(value);
        return of(newCount, sum.add(big), Math.min(min, value), Math.max(max, value), sumOfSquares.add(big.multiply(big)));
    }
}

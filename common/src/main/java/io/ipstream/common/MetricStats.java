package io.ipstream.common;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Running statistics of one metric. Sums are exact integers (the sum of squares needs more than
 * 64 bits for byte counts), so the mean and variance do not depend on the order records arrive in,
 * and a replay in another order gives bit-identical results. Variance is the population variance.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricStats(long sum, long min, long max, double mean, double variance, BigInteger sumOfSquares) {

    public static MetricStats of(long value) {
        return of(1, value, value, value, BigInteger.valueOf(value).multiply(BigInteger.valueOf(value)));
    }

    static MetricStats of(long count, long sum, long min, long max, BigInteger sumOfSquares) {
        BigInteger n = BigInteger.valueOf(count);
        BigInteger total = BigInteger.valueOf(sum);
        double mean = new BigDecimal(total).divide(new BigDecimal(n), MathContext.DECIMAL64).doubleValue();
        BigInteger spread = sumOfSquares.multiply(n).subtract(total.multiply(total));
        double variance = new BigDecimal(spread).divide(new BigDecimal(n.multiply(n)), MathContext.DECIMAL64).doubleValue();
        return new MetricStats(sum, min, max, mean, variance, sumOfSquares);
    }

    /** These statistics with one more value; {@code newCount} is the count including it. */
    public MetricStats plus(long value, long newCount) {
        return of(newCount, Math.addExact(sum, value), Math.min(min, value), Math.max(max, value),
                sumOfSquares.add(BigInteger.valueOf(value).multiply(BigInteger.valueOf(value))));
    }
}

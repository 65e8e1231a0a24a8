package io.ipstream.forecasting.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Adaptive conformal intervals, simulated: each day a forecast is made, its interval taken, the
 * actuals (forecast plus Gaussian noise of a known size) arrive and are observed.
 */
class AdaptiveIntervalsTest {
    private static final double TARGET = 0.95;
    private static final int STEPS = 24;
    private static final double LEVEL = 100;

    /** A simulated run: per day, how many of the day's actuals fell inside and the mean interval width. */
    private record Run(int[] inside, double[] width) {
        double coverage(int fromDay, int toDay) {
            int sum = 0;
            for (int d = fromDay; d < toDay; d++) {
                sum += inside[d];
            }
            return sum / (double) (STEPS * (toDay - fromDay));
        }

        double meanWidth(int fromDay, int toDay) {
            return Arrays.stream(width, fromDay, toDay).average().orElseThrow();
        }
    }

    private static Run simulate(AdaptiveIntervals intervals, int days, double level, IntToDoubleFunction sigma, long seed) {
        return simulate(new IntervalMethod() {
            @Override
            public double[][] bounds(double[] forecast) {
                return intervals.bounds(forecast);
            }

            @Override
            public void observe(double[] forecast, double[] actual) {
                intervals.observe(forecast, actual);
            }
        }, days, level, sigma, seed);
    }

    /** {@code days} days of forecasts at {@code level}; the noise's standard deviation is {@code sigma(day)}. */
    private static Run simulate(IntervalMethod intervals, int days, double level, IntToDoubleFunction sigma, long seed) {
        Random random = new Random(seed);
        double[] forecast = new double[STEPS];
        Arrays.fill(forecast, level);
        int[] inside = new int[days];
        double[] width = new double[days];
        for (int d = 0; d < days; d++) {
            double[] actual = new double[STEPS];
            for (int j = 0; j < STEPS; j++) {
                actual[j] = level + sigma.applyAsDouble(d) * random.nextGaussian();
            }
            double[][] bounds = intervals.bounds(forecast);
            for (int j = 0; j < STEPS; j++) {
                inside[d] += actual[j] >= bounds[0][j] && actual[j] <= bounds[1][j] ? 1 : 0;
                width[d] += (bounds[1][j] - bounds[0][j]) / STEPS;
            }
            intervals.observe(forecast, actual);
        }
        return new Run(inside, width);
    }

    @Test
    void beforeAnyResidualTheIntervalIsTheForecastItself() {
        // given
        AdaptiveIntervals intervals = new AdaptiveIntervals(TARGET, 30);
        double[] forecast = {3, 0, 7.5};

        // when
        double[][] bounds = intervals.bounds(forecast);

        // then
        assertThat(bounds[0]).containsExactly(forecast);
        assertThat(bounds[1]).containsExactly(forecast);
    }

    @Test
    void stationaryNoiseIsCoveredAtTheTargetRateInTheLongRun() {
        // given Gaussian noise of a fixed size for 400 days
        AdaptiveIntervals intervals = new AdaptiveIntervals(TARGET, 30);

        // when
        Run run = simulate(intervals, 400, LEVEL, day -> 5, 1);

        // then from the second day on (the first has no residuals yet)
        assertThat(run.coverage(1, 400)).isCloseTo(TARGET, within(0.03));
        assertThat(run.coverage(200, 400)).isCloseTo(TARGET, within(0.03));
    }

    @Test
    void theTargetCoverageIsWhatItAimsAt() {
        // given a lower target
        AdaptiveIntervals intervals = new AdaptiveIntervals(0.8, 30);

        // when
        Run run = simulate(intervals, 400, LEVEL, day -> 5, 2);

        // then
        assertThat(run.coverage(1, 400)).isCloseTo(0.8, within(0.03));
    }

    @Test
    void intervalsNeverGoBelowZeroAndNeverInvert() {
        // given forecasts of small counts with noise larger than the counts
        AdaptiveIntervals intervals = new AdaptiveIntervals(TARGET, 30);
        Random random = new Random(3);
        for (int d = 0; d < 60; d++) {
            double[] forecast = new double[STEPS];
            double[] actual = new double[STEPS];
            for (int j = 0; j < STEPS; j++) {
                forecast[j] = random.nextDouble() * 2;
                actual[j] = Math.max(0, forecast[j] + 10 * random.nextGaussian());
            }

            // when
            double[][] bounds = intervals.bounds(forecast);

            // then
            for (int j = 0; j < STEPS; j++) {
                assertThat(bounds[0][j]).isGreaterThanOrEqualTo(0);
                assertThat(bounds[1][j]).isGreaterThanOrEqualTo(bounds[0][j]);
            }
            intervals.observe(forecast, actual);
        }
    }

    @Test
    void whenTheNoiseDoublesCoverageDipsThenRecoversAndTheIntervalsWiden() {
        // given 300 days of noise of one size, then 300 days of twice that
        AdaptiveIntervals intervals = new AdaptiveIntervals(TARGET, 30);

        // when
        Run run = simulate(intervals, 600, LEVEL, day -> day < 300 ? 5 : 10, 4);

        // then the days right after the change are under-covered, later ones are back on target, with wider intervals
        assertThat(run.coverage(300, 310)).isLessThan(TARGET - 0.03);
        assertThat(run.coverage(340, 600)).isCloseTo(TARGET, within(0.03));
        assertThat(run.meanWidth(400, 600)).isCloseTo(2 * run.meanWidth(100, 300), within(0.2 * run.meanWidth(100, 300)));
    }

    @Test
    void theQuantileLevelItselfAdaptsNotOnlyTheWindow() {
        // given a window of a year, so that a month after the noise doubled most pooled residuals are still the old, small ones
        int window = 365;
        AdaptiveIntervals adaptive = new AdaptiveIntervals(TARGET, window);
        PlainQuantiles plain = new PlainQuantiles(TARGET, window);
        IntToDoubleFunction sigma = day -> day < 300 ? 5 : 10;

        // when both see the same days
        Run adapted = simulate(adaptive, 400, LEVEL, sigma, 5);
        Run fixed = simulate(plain, 400, LEVEL, sigma, 5);

        // then plain residual quantiles stay under-covered, the adaptive level brings coverage back
        assertThat(fixed.coverage(330, 400)).isLessThan(0.90);
        assertThat(adapted.coverage(330, 400)).isCloseTo(TARGET, within(0.03));
    }

    @Test
    void quantileInterpolatesBetweenOrderStatisticsLikeNumpy() {
        // given sorted values
        double[] sorted = {1, 2, 3, 4};

        // when / then: numpy.quantile([1, 2, 3, 4], q) for q = 0, 0.5, 0.25, 1
        assertThat(AdaptiveIntervals.quantile(sorted, 0)).isEqualTo(1);
        assertThat(AdaptiveIntervals.quantile(sorted, 0.5)).isEqualTo(2.5);
        assertThat(AdaptiveIntervals.quantile(sorted, 0.25)).isEqualTo(1.75);
        assertThat(AdaptiveIntervals.quantile(sorted, 1)).isEqualTo(4);
    }

    /**
     * The same pooled residual quantiles at a fixed level, for comparison: what the intervals would be
     * without adaptation. Computed here, independently of the class under test.
     */
    private static final class PlainQuantiles implements IntervalMethod {
        private final double alpha;
        private final int window;
        private final Deque<double[]> days = new ArrayDeque<>();

        PlainQuantiles(double coverage, int window) {
            this.alpha = 1 - coverage;
            this.window = window;
        }

        @Override
        public double[][] bounds(double[] forecast) {
            double[] pooled = days.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
            double below = pooled.length == 0 ? 0 : pooled[(int) Math.floor(alpha / 2 * (pooled.length - 1))];
            double above = pooled.length == 0 ? 0 : pooled[(int) Math.ceil((1 - alpha / 2) * (pooled.length - 1))];
            double[][] bounds = new double[2][forecast.length];
            for (int j = 0; j < forecast.length; j++) {
                bounds[0][j] = forecast[j] + below;
                bounds[1][j] = forecast[j] + above;
            }
            return bounds;
        }

        @Override
        public void observe(double[] forecast, double[] actual) {
            double[] residuals = new double[actual.length];
            for (int j = 0; j < actual.length; j++) {
                residuals[j] = actual[j] - forecast[j];
            }
            days.addLast(residuals);
            while (days.size() > window) {
                days.removeFirst();
            }
        }
    }

    /** What the simulation needs of an interval method. */
    private interface IntervalMethod {
        double[][] bounds(double[] forecast);

        void observe(double[] forecast, double[] actual);
    }
}

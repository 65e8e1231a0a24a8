package io.ipstream.forecasting.model;

import static io.ipstream.forecasting.model.SyntheticSeries.profile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step-by-step median of its members' forecasts. */
class MedianEnsembleTest {
    /** A member that forecasts {@code value} at every step. */
    private record Constant(double value) implements Forecaster {
        @Override
        public String name() {
            return "constant_" + value;
        }

        @Override
        public FittedModel fit(History history) {
            return new Fitted(name(), value);
        }

        private record Fitted(String name, double value) implements FittedModel {
            @Override
            public double[] forecast(long[] future) {
                double[] forecast = new double[future.length];
                Arrays.fill(forecast, value);
                return forecast;
            }
        }
    }

    private static final History HISTORY = SyntheticSeries.history(SyntheticSeries.hourly(7), (i, slot) -> profile(slot, 24));

    private static long[] nextHours(int steps) {
        return HISTORY.calendar().after(HISTORY.timestamps()[HISTORY.size() - 1], steps);
    }

    @Test
    void anOddNumberOfMembersGivesTheMiddleOneDiscardingAWildMember() {
        // given three members, one of them far off
        MedianEnsemble ensemble = new MedianEnsemble("e", List.of(new Constant(10), new Constant(1000), new Constant(12)));

        // when
        double[] forecast = ensemble.forecast(HISTORY, nextHours(6));

        // then
        assertThat(forecast).hasSize(6).containsOnly(12.0);
    }

    @Test
    void anEvenNumberOfMembersGivesTheMeanOfTheMiddleTwo() {
        // given four members
        MedianEnsemble ensemble = new MedianEnsemble("e", List.of(new Constant(1), new Constant(4), new Constant(6), new Constant(100)));

        // when
        double[] forecast = ensemble.forecast(HISTORY, nextHours(3));

        // then
        assertThat(forecast).containsOnly(5.0);
    }

    @Test
    void theMedianIsTakenStepByStep() {
        // given forecasts already made, a different member in the middle at each step
        double[][] forecasts = {
            {1, 50, 7},
            {2, 40, 9},
            {3, 30, 8},
        };

        // when
        double[] combined = MedianEnsemble.combine(forecasts, 3);

        // then
        assertThat(combined).containsExactly(2, 40, 8);
    }

    @Test
    void productionEnsembleHasFiveMembersAndTheWeeklyBaselineIsOnlyReported() {
        // when
        MedianEnsemble production = Models.production();
        List<String> backtested = Models.backtested().stream().map(Forecaster::name).toList();

        // then
        assertThat(production.name()).isEqualTo(Models.PRODUCTION);
        assertThat(production.members()).hasSize(5);
        assertThat(backtested).contains(Models.PRODUCTION, "seasonal_naive_week").doesNotHaveDuplicates();
        assertThat(production.members().stream().map(Forecaster::name)).doesNotContain("seasonal_naive_week");
    }
}

package io.ipstream.forecasting.model;

import static io.ipstream.forecasting.model.SyntheticSeries.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every model ipstream runs must do on series whose answer is known: reproduce a fixed daily
 * profile, forecast exactly zero for a series that is always zero, and never forecast a negative count.
 */
class ForecasterSpecificationTest {
    private static final int DAYS = 28;

    /**
     * How close a model must come to a pure daily profile: the largest error of one step, as a share
     * of the day's peak, and the mean absolute error over the day, as a share of the day's mean.
     */
    record Tolerance(double stepOfPeak, double maeOfMean) {
    }

    /**
     * Every backtested model with what it can honestly do on a pure daily profile. The smoothing and
     * seasonal models reproduce it exactly (up to rounding). Boosted trees fit log1p with 100 shrunken
     * trees of at most 8 leaves under absolute loss: they get the day right but may merge a trough
     * slot with its neighbours (a few counts off at the lowest values).
     */
    static Stream<Arguments> models() {
        return Models.backtested().stream().map(model -> Arguments.of(model.name(), model, tolerance(model)));
    }

    private static Tolerance tolerance(Forecaster model) {
        return model instanceof BoostedTrees ? new Tolerance(0.10, 0.02) : new Tolerance(1e-9, 1e-9);
    }

    private static void assertReproduces(double[] forecast, double[] profile, Tolerance tolerance) {
        double peak = Arrays.stream(profile).max().orElseThrow();
        assertThat(forecast).hasSize(profile.length);
        for (int j = 0; j < profile.length; j++) {
            assertThat(forecast[j]).as("step %d", j + 1).isCloseTo(profile[j], within(tolerance.stepOfPeak() * peak));
        }
        assertThat(SyntheticSeries.meanAbsoluteError(profile, forecast)).as("mean absolute error over the day")
                .isLessThanOrEqualTo(tolerance.maeOfMean() * SyntheticSeries.mean(profile));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void reproducesAPureDailyProfileAroundTheClock(String name, Forecaster model, Tolerance tolerance) {
        // given four weeks of hourly 24x7 data, the same daily profile every day
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), (i, slot) -> profile(slot, 24));
        long[] tomorrow = history.calendar().after(history.timestamps()[history.size() - 1], 24);

        // when
        double[] forecast = model.forecast(history, tomorrow);

        // then tomorrow is the profile, slot by slot
        assertReproduces(forecast, SyntheticSeries.profileDay(24), tolerance);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void reproducesAPureDailyProfileOnBusinessHours(String name, Forecaster model, Tolerance tolerance) {
        // given six weeks of weekday 08:00-18:00 data, the same 11-slot profile every business day
        History history = SyntheticSeries.history(SyntheticSeries.businessHours(7 * 6), (i, slot) -> profile(slot, 11));
        long[] nextDay = history.calendar().after(history.timestamps()[history.size() - 1], 11);

        // when
        double[] forecast = model.forecast(history, nextDay);

        // then the next business day is the profile (the weekend between does not shift it)
        assertReproduces(forecast, SyntheticSeries.profileDay(11), tolerance);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void forecastsExactlyZeroForASeriesThatIsAlwaysZero(String name, Forecaster model, Tolerance ignored) {
        // given four weeks of zeros
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS), (i, slot) -> 0);
        long[] twoDays = history.calendar().after(history.timestamps()[history.size() - 1], 48);

        // when
        double[] forecast = model.forecast(history, twoDays);

        // then
        assertThat(forecast).hasSize(48).containsOnly(0.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void neverForecastsANegativeCountWhenTheSeriesFallsToZero(String name, Forecaster model, Tolerance ignored) {
        // given a daily profile whose level falls steadily and reaches zero at the end of the history
        int n = DAYS * 24;
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS),
                (i, slot) -> Math.max(0, profile(slot, 24) * (1 - (i + 1.0) / n)));
        long[] twoDays = history.calendar().after(history.timestamps()[history.size() - 1], 48);

        // when a model that extrapolates the fall would go below zero
        double[] forecast = model.forecast(history, twoDays);

        // then
        assertThat(forecast).hasSize(48);
        assertThat(Arrays.stream(forecast).boxed()).allSatisfy(value -> assertThat(value).isGreaterThanOrEqualTo(0.0).isFinite());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void neverForecastsANegativeCountOnSparseBursts(String name, Forecaster model, Tolerance ignored) {
        // given a mostly-zero series with occasional large bursts
        Random random = new Random(7);
        History history = SyntheticSeries.history(SyntheticSeries.hourly(DAYS),
                (i, slot) -> random.nextDouble() < 0.05 ? 1000 * random.nextDouble() : 0);
        long[] twoDays = history.calendar().after(history.timestamps()[history.size() - 1], 48);

        // when
        double[] forecast = model.forecast(history, twoDays);

        // then
        assertThat(Arrays.stream(forecast).boxed()).allSatisfy(value -> assertThat(value).isGreaterThanOrEqualTo(0.0).isFinite());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void forecastsZeroFromAnEmptyHistory(String name, Forecaster model, Tolerance ignored) {
        // given a series with no observations yet
        History empty = SyntheticSeries.history(new long[0], (i, slot) -> 1);
        long[] nextHours = LongStream.rangeClosed(1, 24).map(k -> k * SyntheticSeries.HOUR).toArray();

        // when
        double[] forecast = model.forecast(empty, nextHours);

        // then
        assertThat(forecast).hasSize(24).containsOnly(0.0);
    }
}

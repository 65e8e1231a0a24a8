package io.ipstream.forecasting.model;

import java.util.List;

/**
 * The median, step by step, of its members' forecasts. Measured in the backtest against choosing
 * one model per series and against validation-weighted and top-k combinations: the plain median
 * was the most accurate (docs/FORECASTING.md), because no member is best for long on this data and
 * the median discards whichever one is wrong at the moment.
 */
public final class MedianEnsemble implements Forecaster {
    private final String name;
    private final List<Forecaster> members;

    public MedianEnsemble(String name, List<Forecaster> members) {
        this.name = name;
        this.members = List.copyOf(members);
    }

    @Override
    public String name() {
        return name;
    }

    public List<Forecaster> members() {
        return members;
    }

    @Override
    public FittedModel fit(History history) {
        return new Fitted(name, members.stream().map(member -> member.fit(history)).toList());
    }

    @Override
    public RollingForecasts rolling(History history) {
        List<RollingForecasts> rollings = members.stream().map(member -> member.rolling(history)).toList();
        return (origin, end) -> {
            double[][] forecasts = new double[rollings.size()][];
            for (int m = 0; m < rollings.size(); m++) {
                forecasts[m] = rollings.get(m).forecast(origin, end);
            }
            return combine(forecasts, end - origin);
        };
    }

    /** The step-by-step median of forecasts already made (the backtest computes each member once). */
    public static double[] combine(double[][] forecasts, int steps) {
        double[] combined = new double[steps];
        double[] atStep = new double[forecasts.length];
        for (int j = 0; j < steps; j++) {
            for (int m = 0; m < forecasts.length; m++) {
                atStep[m] = forecasts[m][j];
            }
            combined[j] = SeasonalTail.median(atStep, forecasts.length);
        }
        return combined;
    }

    private record Fitted(String name, List<FittedModel> members) implements FittedModel {
        @Override
        public double[] forecast(long[] future) {
            double[][] forecasts = new double[members.size()][];
            for (int m = 0; m < members.size(); m++) {
                forecasts[m] = members.get(m).forecast(future);
            }
            return combine(forecasts, future.length);
        }
    }
}

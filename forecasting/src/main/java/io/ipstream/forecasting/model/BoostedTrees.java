package io.ipstream.forecasting.model;

import java.util.Arrays;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.GradientTreeBoost;

/**
 * Gradient-boosted regression trees (Smile) on log1p of the values, least-absolute-deviation loss.
 * Features of observation i: its slot of the day and weekday, the same slot 1, 2 and 3 days and one
 * week of active days earlier, and the mean of the day and of the three days ending one day earlier.
 * Every feature lies a day or more back, so a day-ahead forecast is direct (all features observed);
 * beyond a day it is recursive, reading its own forecasts.
 */
public final class BoostedTrees implements Forecaster {
    private static final String[] COLUMNS = {"slot", "weekday", "lag_1d", "lag_2d", "lag_3d", "lag_week", "mean_1d", "mean_3d", "y"};
    private static final Formula FORMULA = Formula.lhs("y");
    private static final int TREES = 50;
    private static final int MAX_DEPTH = 4;
    private static final int MAX_NODES = 8;
    private static final int NODE_SIZE = 5;
    private static final double SHRINKAGE = 0.2;

    private final int windowDays;

    public BoostedTrees(int windowDays) {
        this.windowDays = windowDays;
    }

    @Override
    public String name() {
        return "boosted_trees";
    }

    @Override
    public FittedModel fit(History history) {
        int season = history.season();
        int week = season * history.calendar().activeDaysPerWeek();
        int n = history.size();
        int tail = Math.max(week, 4 * season);
        int firstRow = Math.max(tail, n - windowDays * season);
        if (n - firstRow < 2 * season) {
            return SeasonalNaive.day().fit(history);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.log1p(history.values()[i]);
        }
        double[][] rows = new double[n - firstRow][];
        for (int i = firstRow; i < n; i++) {
            rows[i - firstRow] = row(y, history.timestamps()[i], i, season, week, history.calendar());
        }
        GradientTreeBoost model = GradientTreeBoost.fit(FORMULA, DataFrame.of(rows, COLUMNS), Loss.lad(),
                TREES, MAX_DEPTH, MAX_NODES, NODE_SIZE, SHRINKAGE, 1.0);
        return new Fitted(name(), model, Arrays.copyOfRange(y, n - tail, n), season, week, history.calendar());
    }

    /** The trees and the log1p values of the last week (or four days) that the features of the next day read. */
    /**
     * Fitted once, at the first origin, and each later origin forecast by those trees from its own
     * observed recent values: the features read nothing newer than a day back, so a tree fitted a few
     * days earlier forecasts the next day as a refit would, only from a little less history. The
     * trainer's ten validation days cost one fit instead of ten (boosted trees were nine tenths of
     * training time, docs/BENCHMARKS.md). The backtest still refits at every origin.
     */
    @Override
    public RollingForecasts rolling(History history) {
        return new RollingForecasts() {
            private Fitted first;

            @Override
            public double[] forecast(int origin, int end) {
                long[] future = Arrays.copyOfRange(history.timestamps(), origin, end);
                if (first == null) {
                    FittedModel fitted = fit(history.head(origin));
                    if (!(fitted instanceof Fitted trees)) {
                        return fitted.forecast(future);
                    }
                    first = trees;
                }
                double[] tail = new double[first.logTail().length];
                int from = origin - tail.length;
                if (from < 0) {
                    return BoostedTrees.this.forecast(history.head(origin), future);
                }
                for (int i = 0; i < tail.length; i++) {
                    tail[i] = Math.log1p(history.values()[from + i]);
                }
                return first.withTail(tail).forecast(future);
            }
        };
    }

    private record Fitted(String name, GradientTreeBoost model, double[] logTail, int season, int week, SeriesCalendar calendar)
            implements FittedModel {
        Fitted withTail(double[] newTail) {
            return new Fitted(name, model, newTail, season, week, calendar);
        }

        @Override
        public double[] forecast(long[] future) {
            int n = logTail.length;
            double[] y = Arrays.copyOf(logTail, n + future.length);
            double[] forecast = new double[future.length];
            for (int j = 0; j < future.length; j++) {
                double[] features = row(y, future[j], n + j, season, week, calendar);
                y[n + j] = model.predict(DataFrame.of(new double[][] {features}, COLUMNS).get(0));
                forecast[j] = Math.max(0, Math.expm1(y[n + j]));
            }
            return forecast;
        }
    }

    private static double[] row(double[] y, long time, int i, int season, int week, SeriesCalendar calendar) {
        return new double[] {
            calendar.slotOf(time),
            calendar.weekdayOf(time),
            y[i - season],
            y[Math.max(0, i - 2 * season)],
            y[Math.max(0, i - 3 * season)],
            y[i - week],
            mean(y, i - 2 * season + 1, i - season),
            mean(y, i - 4 * season + 1, i - season),
            y[i],
        };
    }

    /** Mean of y[from..to], from clamped at 0. */
    private static double mean(double[] y, int from, int to) {
        int start = Math.max(0, from);
        double sum = 0;
        for (int k = start; k <= to; k++) {
            sum += y[k];
        }
        return sum / Math.max(1, to - start + 1);
    }
}

package io.ipstream.forecasting.model;

import java.util.List;

/** The models ipstream runs: the production ensemble, its members, and the baselines it is measured against. */
public final class Models {
    /** Days of history the fitted models look at: long enough for a season's shape, short enough to follow regime changes. */
    static final int HOLT_WINTERS_WINDOW_DAYS = 30;
    static final int BOOSTED_TREES_WINDOW_DAYS = 40;
    static final int SEASONAL_MEDIAN_DAYS = 3;
    public static final String PRODUCTION = "median_ensemble";

    private Models() {
    }

    /** The production choice: the step-by-step median of the five members. */
    public static MedianEnsemble production() {
        return new MedianEnsemble(PRODUCTION, members());
    }

    /**
     * Every model the backtest reports: each member, the weekly baseline, the ensemble, and
     * Holt-Winters fitted by squared error, the ablation of the robust loss. (The backtest adds the
     * ablation of the median: one member chosen per series by its recent error.)
     */
    public static List<Forecaster> backtested() {
        MedianEnsemble production = production();
        List<Forecaster> all = new java.util.ArrayList<>(production.members());
        all.add(SeasonalNaive.week());
        all.add(new HoltWinters(HOLT_WINTERS_WINDOW_DAYS, true, true));
        all.add(production);
        return all;
    }

    private static List<Forecaster> members() {
        return List.of(SeasonalNaive.day(), new SeasonalMedian(SEASONAL_MEDIAN_DAYS), new HoltWinters(HOLT_WINTERS_WINDOW_DAYS, true),
                new HoltWinters(HOLT_WINTERS_WINDOW_DAYS, false), new BoostedTrees(BOOSTED_TREES_WINDOW_DAYS));
    }
}

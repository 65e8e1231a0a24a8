package io.ipstream.forecasting.model;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Additive Holt-Winters with a damped trend, season = one day of the series' own calendar. Fitted
 * on log1p of the values (bursts of 10x activity become additive steps, not huge squared errors)
 * over the last {@code windowDays} days, by minimising the sum of absolute one-step errors (robust
 * to the bursts) with BOBYQA, a derivative-free bounded optimiser from Commons Math.
 */
public final class HoltWinters implements Forecaster {
    private static final double[] START = {0.2, 0.01, 0.1, 0.95};
    private static final double[] LOWER = {0.001, 0.0, 0.0, 0.8};
    private static final double[] UPPER = {0.999, 0.5, 0.999, 0.999};
    private static final int MAX_EVALUATIONS = 400;

    private final int windowDays;
    private final boolean logScale;
    private final boolean squaredLoss;

    public HoltWinters(int windowDays, boolean logScale) {
        this(windowDays, logScale, false);
    }

    /** With {@code squaredLoss}, fitted by the usual sum of squared one-step errors: the backtest's ablation of the robust loss. */
    public HoltWinters(int windowDays, boolean logScale, boolean squaredLoss) {
        this.windowDays = windowDays;
        this.logScale = logScale;
        this.squaredLoss = squaredLoss;
    }

    @Override
    public String name() {
        return (logScale ? "holt_winters_log" : "holt_winters") + (squaredLoss ? "_squared_loss" : "");
    }

    /** The smoothing state after a pass over the data with fitted parameters: all a forecast needs. */
    record Fit(String name, boolean logScale, double alpha, double beta, double gamma, double phi, double level, double trend,
               double[] lastSeason) implements FittedModel {
        double at(int step) {
            double damping = 0;
            double power = 1;
            for (int k = 1; k <= step; k++) {
                power *= phi;
                damping += power;
            }
            return level + damping * trend + lastSeason[(step - 1) % lastSeason.length];
        }

        @Override
        public double[] forecast(long[] future) {
            double[] forecast = new double[future.length];
            for (int j = 0; j < future.length; j++) {
                double value = at(j + 1);
                forecast[j] = Math.max(0, logScale ? Math.expm1(value) : value);
            }
            return forecast;
        }
    }

    @Override
    public FittedModel fit(History history) {
        int season = history.season();
        double[] y = window(history, history.size());
        if (y.length < 2 * season) {
            return SeasonalNaive.day().fit(history);
        }
        double[] parameters = fit(y, season, squaredLoss);
        return pass(y, season, parameters, name(), logScale);
    }

    /**
     * Parameters estimated once, at the first origin; each later origin is one smoothing pass with
     * them over its own window. The parameters move little over a few days, while estimating them is
     * a few hundred passes: the trainer's ten validation days cost one estimate instead of ten.
     */
    @Override
    public RollingForecasts rolling(History history) {
        int season = history.season();
        return new RollingForecasts() {
            private double[] parameters;

            @Override
            public double[] forecast(int origin, int end) {
                long[] future = java.util.Arrays.copyOfRange(history.timestamps(), origin, end);
                double[] y = window(history, origin);
                if (y.length < 2 * season) {
                    return HoltWinters.this.forecast(history.head(origin), future);
                }
                if (parameters == null) {
                    parameters = fit(y, season, squaredLoss);
                }
                return pass(y, season, parameters, name(), logScale).forecast(future);
            }
        };
    }

    /** The last {@code windowDays} of observations before {@code n}, on the model's scale. */
    private double[] window(History history, int n) {
        int start = Math.max(0, n - windowDays * history.season());
        double[] y = new double[n - start];
        for (int i = 0; i < y.length; i++) {
            y[i] = logScale ? Math.log1p(history.values()[start + i]) : history.values()[start + i];
        }
        return y;
    }

    /** The parameters minimising the one-step absolute error. */
    static double[] fit(double[] y, int season, boolean squaredLoss) {
        // BOBYQA gives up on flat objectives (an all-zero series); the best point it evaluated is then the answer.
        double[] best = START.clone();
        double[] bestLoss = {loss(y, season, START, squaredLoss)};
        MultivariateFunction loss = p -> {
            double value = loss(y, season, p, squaredLoss);
            if (value < bestLoss[0]) {
                bestLoss[0] = value;
                System.arraycopy(p, 0, best, 0, p.length);
            }
            return value;
        };
        try {
            new BOBYQAOptimizer(2 * START.length + 1, 0.05, 1e-4).optimize(new MaxEval(MAX_EVALUATIONS), GoalType.MINIMIZE,
                    new InitialGuess(START), new SimpleBounds(LOWER, UPPER), new ObjectiveFunction(loss));
        } catch (MathIllegalStateException e) {
            // keep the best point evaluated
        }
        return best;
    }

    private static double loss(double[] y, int season, double[] p, boolean squaredLoss) {
        return smooth(y, season, p, squaredLoss, null);
    }

    private static Fit pass(double[] y, int season, double[] p, String name, boolean logScale) {
        Fit[] state = new Fit[1];
        smooth(y, season, p, false, fit -> state[0] = new Fit(name, logScale, p[0], p[1], p[2], p[3], fit[0], fit[1],
                java.util.Arrays.copyOfRange(fit, 2, fit.length)));
        return state[0];
    }

    /**
     * One smoothing pass; returns the sum of absolute (or squared) one-step errors and hands {@code end} the
     * final level, trend and last season when asked.
     */
    private static double smooth(double[] y, int season, double[] p, boolean squaredLoss, java.util.function.Consumer<double[]> end) {
        double alpha = p[0];
        double beta = p[1];
        double gamma = p[2];
        double phi = p[3];
        double level = 0;
        for (int i = 0; i < season; i++) {
            level += y[i];
        }
        level /= season;
        double trend = 0;
        double[] seasonal = new double[y.length];
        for (int i = 0; i < season; i++) {
            seasonal[i] = y[i] - level;
        }
        double loss = 0;
        for (int i = season; i < y.length; i++) {
            double forecast = level + phi * trend + seasonal[i - season];
            double error = y[i] - forecast;
            loss += squaredLoss ? error * error : Math.abs(error);
            double newLevel = alpha * (y[i] - seasonal[i - season]) + (1 - alpha) * (level + phi * trend);
            trend = beta * (newLevel - level) + (1 - beta) * phi * trend;
            seasonal[i] = gamma * (y[i] - newLevel) + (1 - gamma) * seasonal[i - season];
            level = newLevel;
        }
        if (end != null) {
            double[] state = new double[2 + season];
            state[0] = level;
            state[1] = trend;
            System.arraycopy(seasonal, y.length - season, state, 2, season);
            end.accept(state);
        }
        return loss;
    }
}

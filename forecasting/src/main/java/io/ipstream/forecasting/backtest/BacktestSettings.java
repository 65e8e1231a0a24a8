package io.ipstream.forecasting.backtest;

/**
 * The protocol's knobs: the last {@code testDays} days are forecast day-ahead from rolling origins;
 * the {@code validationDays} days before them are forecast the same way only to seed the interval
 * calibration (as the trainer's validation does in production); intervals aim at {@code coverage}.
 */
public record BacktestSettings(int testDays, int validationDays, double coverage) {
    public static final int DEFAULT_TEST_DAYS = 20;
    public static final int DEFAULT_VALIDATION_DAYS = 10;
    public static final double DEFAULT_COVERAGE = 0.95;

    public BacktestSettings {
        if (testDays < 1 || validationDays < 1 || coverage <= 0 || coverage >= 1) {
            throw new IllegalArgumentException("test and validation days must be positive and the coverage within (0, 1)");
        }
    }
}

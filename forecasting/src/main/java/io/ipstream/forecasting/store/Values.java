package io.ipstream.forecasting.store;

/** Values as Redis text: whole numbers without a fraction (counts are), others in full precision. */
public final class Values {
    private Values() {
    }

    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}

package io.ipstream.forecasting.store;

/** Values as Redis text: whole numbers without a fraction (counts are), others in full precision. */
final class Values {
    private Values() {
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}

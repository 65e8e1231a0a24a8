package io.ipstream.common;

/** Query-string values of the HTTP APIs, parsed with the same messages everywhere. */
public final class QueryParameters {
    private QueryParameters() {
    }

    /**
     * @param text the parameter's value, or null when absent
     * @throws IllegalArgumentException naming the parameter when the value is not a whole number
     */
    public static int wholeNumber(String name, String text, int fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + Texts.clip(text) + "'");
        }
    }
}

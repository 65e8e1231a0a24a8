package io.ipstream.topology.window;

import java.util.Arrays;
import java.util.Locale;

/** When a window's statistics are published to {@code ip-window-averages}. */
public enum WindowEmit {
    /** Once, final, when the window closes (its end plus the grace period has passed in stream time). */
    CLOSE,
    /** On every record that changes the window, as Kafka Streams' windowed aggregations do by default. */
    UPDATE;

    public static WindowEmit parse(String text) {
        return Arrays.stream(values()).filter(emit -> emit.label().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--window-emit must be close or update, not '" + text + "'"));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

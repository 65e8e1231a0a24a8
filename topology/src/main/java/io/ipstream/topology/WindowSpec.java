package io.ipstream.topology;

import io.ipstream.common.Durations;
import java.time.Duration;

/**
 * One windowed aggregate: a window {@code size} advancing by {@code advance} (equal for tumbling
 * windows). Written "1d" (tumbling) or "7d/1d" (7-day windows advancing by one day); the name is
 * the size ("7d"), used in store names, output records and queries.
 */
public record WindowSpec(String name, Duration size, Duration advance) {

    public WindowSpec {
        if (size.isZero() || size.isNegative() || advance.isZero() || advance.isNegative()) {
            throw new IllegalArgumentException("window size and advance must be positive");
        }
        if (advance.compareTo(size) > 0) {
            throw new IllegalArgumentException("window " + name + " advances by more than its size; records between windows would be lost");
        }
    }

    public static WindowSpec tumbling(Duration size) {
        return new WindowSpec(Durations.format(size), size, size);
    }

    public static WindowSpec hopping(Duration size, Duration advance) {
        return new WindowSpec(Durations.format(size), size, advance);
    }

    /** Parses "1d" or "7d/1d". */
    public static WindowSpec parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return tumbling(Durations.parse(text));
        }
        return hopping(Durations.parse(text.substring(0, slash)), Durations.parse(text.substring(slash + 1)));
    }

    @Override
    public String toString() {
        return size.equals(advance) ? name : name + "/" + Durations.format(advance);
    }
}

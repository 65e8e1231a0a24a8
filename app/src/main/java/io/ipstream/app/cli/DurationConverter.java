package io.ipstream.app.cli;

import io.ipstream.common.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** "90s", "6h", "7d" or ISO-8601 on the command line. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value);
    }
}

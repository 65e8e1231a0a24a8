package io.ipstream.app.cli;

import io.ipstream.common.ConfigError;
import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/** The zone of timestamps written without an offset. */
public final class ZoneOption {
    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "${env:IPSTREAM_ZONE:-UTC}",
            description = "Zone of timestamps without an offset (env IPSTREAM_ZONE; default ${DEFAULT-VALUE}).")
    String zone;

    ZoneId zoneId() {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigError("--zone: '" + zone + "' is not a time zone such as UTC or Europe/Istanbul");
        }
    }
}

package io.ipstream.app.cli;

import io.ipstream.forecasting.service.ArchiveSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the archive moves points from Redis to PostgreSQL. */
public final class ArchiveOptions {
    @Option(names = "--archive-horizon", paramLabel = "DURATION", defaultValue = "${env:IPSTREAM_ARCHIVE_HORIZON:-7d}",
            converter = DurationConverter.class,
            description = "Event time each series keeps in Redis, back from its newest point; older points move to PostgreSQL "
                    + "(env IPSTREAM_ARCHIVE_HORIZON; default ${DEFAULT-VALUE}).")
    Duration archiveHorizon;

    @Option(names = "--archive-batch", paramLabel = "POINTS", defaultValue = "${env:IPSTREAM_ARCHIVE_BATCH:-50000}",
            description = "Points per PostgreSQL transaction (env IPSTREAM_ARCHIVE_BATCH; default ${DEFAULT-VALUE}).")
    int archiveBatch;

    ArchiveSettings archive(Duration interval) {
        return new ArchiveSettings(archiveHorizon, interval, archiveBatch);
    }
}

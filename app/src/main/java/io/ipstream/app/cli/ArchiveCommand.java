package io.ipstream.app.cli;

import io.ipstream.common.ApiToken;
import io.ipstream.forecasting.archive.ArchiveRun;
import io.ipstream.forecasting.archive.Archiver;
import io.ipstream.forecasting.archive.Database;
import io.ipstream.forecasting.archive.PointArchive;
import io.ipstream.forecasting.service.ServiceSettings;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.forecasting.store.TimeSeriesStores;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream archive}: move points older than the horizon from Redis to PostgreSQL, once or on a schedule. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = {"Move points older than the horizon from Redis into PostgreSQL: commit there first, then remove exactly",
                "those points from Redis. With --once: one pass, a summary, exit 1 when Redis or PostgreSQL cannot be reached.",
                "Without: a pass every --archive-interval until stopped (the forecasting service does this too)."})
public final class ArchiveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions stores;

    @Mixin
    ArchiveOptions archiving;

    @Option(names = "--once", description = "One pass, then exit.")
    boolean once;

    @Option(names = "--archive-interval", paramLabel = "DURATION", defaultValue = "${env:IPSTREAM_ARCHIVE_INTERVAL:-10m}",
            converter = DurationConverter.class,
            description = "Time between passes without --once (env IPSTREAM_ARCHIVE_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration archiveInterval;

    @Override
    public Integer call() throws InterruptedException {
        ServiceSettings settings = new ServiceSettings(false, null, null, Map.of(), stores.redis(), stores.database(),
                archiving.archive(archiveInterval), null, ZoneOffset.UTC);
        if (!once) {
            return Services.runUntilStopped(spec, settings, null, null, null, ApiToken.NONE);
        }
        try (Database database = Database.open(settings.database());
             TimeSeriesStore store = TimeSeriesStores.connect(settings.redis().uri(), settings.redis().keyPrefix(), settings.redis().retention())) {
            database.migrate();
            ArchiveRun run = new Archiver(store, new PointArchive(database), settings.archive().horizon(), settings.archive().batchPoints(),
                    (points, changed) -> { }).runOnce();
            spec.commandLine().getOut().printf("archive: %,d series, %,d points moved to PostgreSQL at %s (%,d new or changed rows), "
                            + "%,d removed from Redis, in %.1f s (%,.0f points/s)%n",
                    run.series(), run.pointsArchived(), database.address(), run.rowsChanged(), run.pointsTrimmed(),
                    run.elapsed().toMillis() / 1000.0, run.rowsPerSecond());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}

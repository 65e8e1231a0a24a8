package io.ipstream.app.cli;

import io.ipstream.forecasting.anomaly.AnomalyRepository;
import io.ipstream.forecasting.anomaly.AnomalySink;
import io.ipstream.forecasting.archive.Database;
import io.ipstream.forecasting.archive.PointArchive;
import io.ipstream.forecasting.history.HistoryReader;
import io.ipstream.forecasting.model.Models;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.forecasting.store.TimeSeriesStores;
import io.ipstream.forecasting.train.ModelRepository;
import io.ipstream.forecasting.train.Trainer;
import io.ipstream.forecasting.train.TrainingRun;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream train --once}: one training round over every IP in the store. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train every IP's models once: read each series from PostgreSQL and Redis, validate day-ahead on its last "
                + "days, fit the production model, and store the model and its next --horizon forecasts in PostgreSQL, replacing "
                + "the previous ones. The forecasting service does this on a schedule.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions stores;

    @Mixin
    TrainOptions training;

    @Mixin
    ZoneOption zone;

    @Option(names = "--once", required = true, description = "One round, then exit (required: the schedule runs in ipstream forecasting).")
    boolean once;

    @Override
    public Integer call() throws InterruptedException {
        try (Database database = Database.open(stores.database());
             TimeSeriesStore store = TimeSeriesStores.connect(stores.redis().uri(), stores.redis().keyPrefix(), stores.redis().retention())) {
            database.migrate();
            ModelRepository models = new ModelRepository(database);
            TrainingRun run = new Trainer(store, new HistoryReader(store, new PointArchive(database)), models, Models.production(),
                    training.settings(zone.zoneId()), Clock.systemUTC(), AnomalySink.stored(new AnomalyRepository(database), Clock.systemUTC()))
                    .runOnce(ip -> true);
            spec.commandLine().getOut().printf("train: %,d series trained and stored (%,d failed) in %.1f s; %,d models in PostgreSQL at %s%n",
                    run.trained(), run.failed(), run.elapsed().toMillis() / 1000.0, models.modelCount(), database.address());
            spec.commandLine().getOut().flush();
            return run.failed() == 0 ? 0 : Cli.EXIT_FAILURE;
        }
    }
}

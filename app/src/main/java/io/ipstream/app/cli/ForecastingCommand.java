package io.ipstream.app.cli;

import io.ipstream.forecasting.ingest.Ingest;
import io.ipstream.forecasting.service.ServiceSettings;
import io.ipstream.forecasting.service.TrainingSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream forecasting}: ingest into Redis and the scheduled archive to PostgreSQL, with an HTTP API. */
@Command(name = "forecasting", mixinStandardHelpOptions = true,
        description = {"Run the forecasting service: read ip-logs into the time-series store (Redis), move points older than",
                "the horizon into PostgreSQL, and train the IPs of the partitions it ingests, on schedules. Redis or PostgreSQL",
                "being away is logged with its address and retried."})
public final class ForecastingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOption kafka;

    @Mixin
    StoreOptions stores;

    @Mixin
    ArchiveOptions archiving;

    @Mixin
    TrainOptions training;

    @Mixin
    ZoneOption zone;

    @Mixin
    PartitionMapOption partitionMap;

    @Mixin
    ApiTokenOption apiToken;

    @Option(names = "--consumer-config", paramLabel = "FILE", defaultValue = "${env:IPSTREAM_CONSUMER_CONFIG}",
            description = "Kafka consumer (and anomaly producer) properties, e.g. for TLS or SASL (env IPSTREAM_CONSUMER_CONFIG).")
    Path consumerConfig;

    @Option(names = "--train-interval", paramLabel = "DURATION", defaultValue = "${env:IPSTREAM_TRAIN_INTERVAL:-1h}",
            converter = DurationConverter.class,
            description = "Time between training rounds (env IPSTREAM_TRAIN_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration trainInterval;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = "${env:IPSTREAM_INGEST_GROUP:-" + Ingest.DEFAULT_GROUP + "}",
            description = "Consumer group of the ingest, shared by all instances (env IPSTREAM_INGEST_GROUP; default ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--archive-interval", paramLabel = "DURATION", defaultValue = "${env:IPSTREAM_ARCHIVE_INTERVAL:-10m}",
            converter = DurationConverter.class,
            description = "Time between archive passes (env IPSTREAM_ARCHIVE_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration archiveInterval;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:IPSTREAM_FORECASTING_HTTP_PORT}",
            description = "Serve health, /metrics, history, forecasts and anomalies on this port (0: a free one); none without it (env IPSTREAM_FORECASTING_HTTP_PORT).")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "${env:IPSTREAM_HTTP_HOST:-127.0.0.1}",
            description = "Address the HTTP API binds to (env IPSTREAM_HTTP_HOST; default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--streams-url", paramLabel = "URL", defaultValue = "${env:IPSTREAM_STREAMS_URL}",
            description = "The topology's REST API (any streams instance, e.g. http://streams-1:8081): with it, the HTTP API also "
                    + "serves the dashboard at / (env IPSTREAM_STREAMS_URL).")
    String streamsUrl;

    @Override
    public Integer call() throws InterruptedException {
        ServiceSettings settings = new ServiceSettings(true, kafka.bootstrapServers, groupId, PropertiesFiles.read(consumerConfig, "--consumer-config"),
                stores.redis(), stores.database(), archiving.archive(archiveInterval),
                new TrainingSchedule(trainInterval, training.settings(zone.zoneId()), partitionMap.load()), zone.zoneId());
        return Services.runUntilStopped(spec, settings, httpHost, httpPort, streamsUrl, apiToken.token());
    }
}

package io.ipstream.forecasting.service;

import io.ipstream.common.Anomaly;
import io.ipstream.common.Backoff;
import io.ipstream.common.Durations;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.KafkaConnectionWatch;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.MetricNames;
import io.ipstream.common.Topics;
import io.ipstream.forecasting.anomaly.AnomalyPublisher;
import io.ipstream.forecasting.anomaly.AnomalyRepository;
import io.ipstream.forecasting.anomaly.AnomalySink;
import io.ipstream.forecasting.anomaly.StreamingAnomalyCollector;
import io.ipstream.forecasting.archive.ArchiveRun;
import io.ipstream.forecasting.archive.Archiver;
import io.ipstream.forecasting.archive.Database;
import io.ipstream.forecasting.archive.PointArchive;
import io.ipstream.forecasting.history.HistoryReader;
import io.ipstream.forecasting.ingest.Ingest;
import io.ipstream.forecasting.ingest.OwnedPartitions;
import io.ipstream.forecasting.model.Models;
import io.ipstream.forecasting.train.ModelRepository;
import io.ipstream.forecasting.train.Trainer;
import io.ipstream.forecasting.train.TrainingRun;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.forecasting.store.TimeSeriesStores;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forecasting service's long-running work: ingest ({@code ip-logs} into Redis), the scheduled
 * archive (Redis into PostgreSQL), the scheduled trainer and the store of streaming anomalies
 * ({@code ip-anomalies} into PostgreSQL), each on its own thread. Neither dies when Redis or
 * PostgreSQL is away: each logs which host:port failed and retries with backoff; the archive never
 * trims Redis without a PostgreSQL commit first.
 */
public final class ForecastingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastingService.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(30);

    private final ServiceSettings settings;
    /** Where the consumers' Kafka client metrics go, beside the service's own counters. */
    private final MeterRegistry registry;
    private final Database database;
    private final PointArchive archive;
    private final Counter ingested;
    private final Counter invalid;
    private final Counter ingestFailures;
    private final Counter archived;
    private final Counter archiveFailures;
    private final Counter trainedSeries;
    private final Counter streamingAnomalies;
    private final Counter forecastAnomalies;
    private final List<Thread> threads = new ArrayList<>();
    private final OwnedPartitions owned;
    private final ModelRepository models;
    private final AnomalyRepository anomalies;
    private volatile TimeSeriesStore store;
    private volatile boolean migrated;
    private volatile boolean lastArchivePassSucceeded;
    private volatile TrainingRun lastRound;
    private volatile boolean running = true;
    private final LinkedBlockingQueue<CompletableFuture<TrainingRun>> roundRequests = new LinkedBlockingQueue<>();
    /** Put on the queue by close(): wakes the training thread so it ends without an interrupt mid-I/O. */
    private final CompletableFuture<TrainingRun> stop = new CompletableFuture<>();

    private ForecastingService(ServiceSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.database = Database.open(settings.database());
        this.archive = new PointArchive(database);
        this.ingested = Counter.builder(MetricNames.INGESTED_RECORDS).description("ip-logs records written to Redis").register(registry);
        this.invalid = Counter.builder(MetricNames.INGEST_INVALID).description("ip-logs records skipped as invalid").register(registry);
        this.ingestFailures = Counter.builder(MetricNames.INGEST_FAILURES)
                .description("ip-logs batches whose Redis write failed and were read again").register(registry);
        this.archived = Counter.builder(MetricNames.ARCHIVED_POINTS).description("points committed to PostgreSQL").register(registry);
        this.archiveFailures = Counter.builder(MetricNames.ARCHIVE_FAILURES).description("archive passes that failed").register(registry);
        this.trainedSeries = Counter.builder(MetricNames.TRAINED_SERIES).description("series trained and stored").register(registry);
        this.streamingAnomalies = Counter.builder(MetricNames.STORED_ANOMALIES).tag("source", Anomaly.STREAMING)
                .description("anomalies stored in PostgreSQL, each once").register(registry);
        this.forecastAnomalies = Counter.builder(MetricNames.STORED_ANOMALIES).tag("source", Anomaly.FORECAST)
                .description("anomalies stored in PostgreSQL, each once").register(registry);
        this.owned = new OwnedPartitions(new IpPartitioner(settings.training() == null ? IpPartitionMap.empty()
                : settings.training().partitionMap()));
        this.models = new ModelRepository(database);
        this.anomalies = new AnomalyRepository(database);
    }

    /** Starts ingest (unless disabled) and the scheduled archive; returns at once, connecting in the background. */
    public static ForecastingService start(ServiceSettings settings, MeterRegistry registry) {
        ForecastingService service = new ForecastingService(settings, registry);
        if (settings.ingest()) {
            service.spawn("ipstream-ingest", service::ingestLoop);
            service.spawn("ipstream-anomalies", service::collectLoop);
        }
        service.spawn("ipstream-archive", service::archiveLoop);
        if (settings.training() != null) {
            service.spawn("ipstream-train", service::trainLoop);
        }
        LOG.info("Forecasting service: {}archiving points older than {} of event time to PostgreSQL at {} every {}",
                settings.ingest() ? "ingesting ip-logs (group " + settings.groupId() + ") into Redis at " + redisAddress(settings) + ", " : "",
                Durations.format(settings.archive().horizon()), service.database.address(), Durations.format(settings.archive().interval()));
        return service;
    }

    /** The history of a series across PostgreSQL and Redis, once both are connected. */
    public Optional<HistoryReader> history() {
        TimeSeriesStore connected = store;
        return connected == null ? Optional.empty() : Optional.of(new HistoryReader(connected, archive));
    }

    /** Redis connected and answering now. */
    public boolean redisConnected() {
        TimeSeriesStore connected = store;
        return connected != null && connected.reachable();
    }

    /** Whether the schema (models, forecasts, archive) has been created or upgraded by this instance. */
    public boolean schemaMigrated() {
        return migrated;
    }

    /**
     * PostgreSQL migrated and the last archive pass succeeded. From that state, not a live
     * connection attempt: a readiness probe must answer at once, not after a connection timeout.
     */
    public boolean databaseReady() {
        return migrated && lastArchivePassSucceeded;
    }

    public String redisAddress() {
        return redisAddress(settings);
    }

    public String databaseAddress() {
        return database.address();
    }

    private void ingestLoop() {
        TimeSeriesStore connected = awaitStore();
        Backoff backoff = new Backoff(Duration.ofSeconds(1), MAX_RETRY_WAIT);
        while (connected != null && running) {
            try (Ingest ingest = new Ingest(settings.bootstrapServers(), settings.groupId(), connected, new IpLogCodec(settings.zone()),
                    settings.consumerOverrides(), (records, points) -> ingested.increment(records), owned);
                 KafkaClientMetrics consumerMetrics = ingest.bindMetrics(registry);
                 KafkaConnectionWatch watch = KafkaConnectionWatch.start("ingest", settings.bootstrapServers(), ingest::metrics)) {
                long invalidSeen = 0;
                long failuresSeen = 0;
                while (running) {
                    ingest.pollOnce(POLL);
                    invalid.increment(ingest.invalid() - invalidSeen);
                    invalidSeen = ingest.invalid();
                    ingestFailures.increment(ingest.failedWrites() - failuresSeen);
                    failuresSeen = ingest.failedWrites();
                    backoff.reset();
                }
            } catch (RuntimeException e) {
                if (running) {
                    Duration wait = backoff.next();
                    LOG.warn("Ingest from {} failed: {}; starting again from the last committed offsets in {} s",
                            settings.bootstrapServers(), e.getMessage(), wait.toSeconds());
                    Backoff.sleep(wait);
                }
            }
        }
    }

    /** Stores the streaming detector's anomalies from ip-anomalies, once the schema exists; PostgreSQL away → back off and read again. */
    private void collectLoop() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), MAX_RETRY_WAIT);
        while (running && !migrated) {
            Backoff.sleep(Duration.ofSeconds(1));
        }
        while (running) {
            try (StreamingAnomalyCollector collector = new StreamingAnomalyCollector(settings.bootstrapServers(),
                    settings.groupId() + "-anomalies", anomalies, settings.consumerOverrides(), Clock.systemUTC());
                 KafkaClientMetrics consumerMetrics = collector.bindMetrics(registry);
                 KafkaConnectionWatch watch = KafkaConnectionWatch.start("streaming-anomaly collector", settings.bootstrapServers(),
                         collector::metrics)) {
                while (running) {
                    streamingAnomalies.increment(collector.pollOnce(POLL));
                    backoff.reset();
                }
            } catch (RuntimeException e) {
                if (running) {
                    Duration wait = backoff.next();
                    LOG.warn("Storing streaming anomalies from {} failed: {}; reading them again in {} s",
                            Topics.IP_ANOMALIES, e.getMessage(), wait.toSeconds());
                    Backoff.sleep(wait);
                }
            }
        }
    }

    private void archiveLoop() {
        TimeSeriesStore connected = awaitStore();
        if (connected == null) {
            return;
        }
        Archiver archiver = new Archiver(connected, archive, settings.archive().horizon(), settings.archive().batchPoints(),
                (points, changed) -> archived.increment(points));
        Backoff backoff = new Backoff(Duration.ofSeconds(1), min(MAX_RETRY_WAIT, settings.archive().interval()));
        while (running) {
            Duration wait = settings.archive().interval();
            try {
                if (!migrated) {
                    database.migrate();
                    migrated = true;
                }
                ArchiveRun run = archiver.runOnce();
                LOG.debug("Archive pass: {}", run);
                lastArchivePassSucceeded = true;
                backoff.reset();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                lastArchivePassSucceeded = false;
                archiveFailures.increment();
                wait = backoff.next();
                LOG.warn("Archive pass failed, nothing trimmed from Redis: {}; retrying in {} s", e.getMessage(), wait.toSeconds());
            }
            if (!Backoff.sleep(wait)) {
                return;
            }
        }
    }

    /**
     * Every interval, trains the IPs of the partitions this instance's ingest owns (all of them when
     * it runs without ingest), once the schema is migrated; a failed round is retried next interval.
     */
    private void trainLoop() {
        try {
            TimeSeriesStore connected = awaitStore();
            if (connected == null) {
                return;
            }
            TrainingSchedule schedule = settings.training();
            AnomalyPublisher publisher = settings.bootstrapServers() == null ? null
                    : new AnomalyPublisher(settings.bootstrapServers(), schedule.partitionMap(), settings.consumerOverrides());
            AnomalySink sink = (publisher == null ? AnomalySink.stored(anomalies, Clock.systemUTC())
                    : AnomalySink.publishedAndStored(anomalies, publisher, Clock.systemUTC())).counting(forecastAnomalies::increment);
            Trainer trainer = new Trainer(connected, new HistoryReader(connected, archive), models, Models.production(), schedule.trainer(),
                    Clock.systemUTC(), sink);
            try {
                trainRounds(trainer, schedule);
            } finally {
                if (publisher != null) {
                    publisher.close();
                }
            }
        } finally {
            // Whoever still waits for a round gets an answer: there will be none.
            List<CompletableFuture<TrainingRun>> unanswered = new ArrayList<>();
            roundRequests.drainTo(unanswered);
            unanswered.forEach(request -> request.completeExceptionally(new IllegalStateException("the forecasting service stopped")));
        }
    }

    private void trainRounds(Trainer trainer, TrainingSchedule schedule) {
        while (running) {
            if (!migrated) {
                if (!Backoff.sleep(Duration.ofSeconds(1))) {
                    return;
                }
                continue;
            }
            List<CompletableFuture<TrainingRun>> waiting = new ArrayList<>();
            roundRequests.drainTo(waiting);
            if (waiting.contains(stop) || !running) {
                roundRequests.addAll(waiting);
                return;
            }
            try {
                TrainingRun run = trainer.runOnce(settings.ingest() ? owned::owns : ip -> true);
                trainedSeries.increment(run.trained());
                lastRound = run;
                waiting.forEach(request -> request.complete(run));
            } catch (RuntimeException e) {
                LOG.warn("Training round failed: {}; next round in {}", e.getMessage(), Durations.format(schedule.interval()));
                waiting.forEach(request -> request.completeExceptionally(e));
            } catch (InterruptedException e) {
                roundRequests.addAll(waiting);
                Thread.currentThread().interrupt();
                return;
            }
            try {
                // The next round starts after the interval, or at once when someone asks for one.
                CompletableFuture<TrainingRun> asked = roundRequests.poll(schedule.interval().toMillis(), TimeUnit.MILLISECONDS);
                if (asked == stop) {
                    return;
                }
                if (asked != null) {
                    roundRequests.add(asked);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Asks for a training round now rather than at the next interval; completes with the first
     * round that starts after the call (e.g. once the data of interest is ingested), or
     * exceptionally when the service stops first.
     */
    public CompletableFuture<TrainingRun> trainNow() {
        if (settings.training() == null) {
            throw new IllegalStateException("this forecasting service runs without training");
        }
        CompletableFuture<TrainingRun> round = new CompletableFuture<>();
        if (!running) {
            round.completeExceptionally(new IllegalStateException("the forecasting service stopped"));
            return round;
        }
        roundRequests.add(round);
        return round;
    }

    /** Records of ip-logs written to Redis so far. */
    public long ingestedRecords() {
        return (long) ingested.count();
    }

    /** Records of ip-logs skipped as invalid so far. */
    public long invalidRecords() {
        return (long) invalid.count();
    }

    /** The last training round this instance completed, if any. */
    public Optional<TrainingRun> lastTrainingRound() {
        return Optional.ofNullable(lastRound);
    }

    /** The ip-logs partitions this instance's ingest owns now. */
    public Set<Integer> ownedPartitions() {
        return owned.partitions();
    }

    /** Stored anomalies. */
    public AnomalyRepository anomalies() {
        return anomalies;
    }

    /** Stored models and forecasts. */
    public ModelRepository models() {
        return models;
    }

    /** One connection to Redis for both loops, retried with backoff until it succeeds or the service stops. */
    private synchronized TimeSeriesStore awaitStore() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), MAX_RETRY_WAIT);
        while (store == null && running) {
            try {
                store = TimeSeriesStores.connect(settings.redis().uri(), settings.redis().keyPrefix(), settings.redis().retention());
            } catch (RuntimeException e) {
                // Not only "unreachable": a server still loading its data or refusing a command must not end the loops either.
                Duration wait = backoff.next();
                LOG.warn("{}; retrying in {} s", e.getMessage(), wait.toSeconds());
                if (!Backoff.sleep(wait)) {
                    return null;
                }
            }
        }
        return store;
    }

    private void spawn(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.start();
        threads.add(thread);
    }

    @Override
    public void close() {
        running = false;
        roundRequests.add(stop);
        for (Thread thread : threads) {
            try {
                thread.join(POLL.multipliedBy(4).toMillis());
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TimeSeriesStore connected = store;
        if (connected != null) {
            connected.close();
        }
        database.close();
    }

    private static String redisAddress(ServiceSettings settings) {
        RedisURI uri = RedisURI.create(settings.redis().uri());
        return uri.getHost() + ":" + uri.getPort();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

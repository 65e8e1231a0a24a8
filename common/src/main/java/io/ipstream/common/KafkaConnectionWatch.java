package io.ipstream.common;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once, at WARN, when a stage's Kafka clients have had no connection to any broker for longer
 * than the patience, and once, at INFO, when they have one again. The clients wait a broker outage
 * out by themselves and their own connection warnings are below our log level, so without this an
 * outage stalls a stage with nothing in the log.
 */
public final class KafkaConnectionWatch implements AutoCloseable {
    /** How long without a connection before the warning. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnectionWatch.class);
    private static final String CONNECTION_COUNT = "connection-count";

    private final String stage;
    private final String bootstrapServers;
    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final long patienceNanos;
    private final LongSupplier nanoTime;
    private ScheduledExecutorService schedule;
    private long disconnectedSince = -1;
    private boolean warned;

    /**
     * @param stage   named in the log lines, e.g. "ingest"
     * @param metrics the stage's client metrics ({@code consumer.metrics()}, {@code streams.metrics()}): safe to read from any thread
     */
    KafkaConnectionWatch(String stage, String bootstrapServers, Supplier<Map<MetricName, ? extends Metric>> metrics,
                         Duration patience, LongSupplier nanoTime) {
        this.stage = stage;
        this.bootstrapServers = bootstrapServers;
        this.metrics = metrics;
        this.patienceNanos = patience.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Watches every second, on a daemon thread of its own, until closed; warns after 10 s without a connection. */
    public static KafkaConnectionWatch start(String stage, String bootstrapServers, Supplier<Map<MetricName, ? extends Metric>> metrics) {
        KafkaConnectionWatch watch = new KafkaConnectionWatch(stage, bootstrapServers, metrics, PATIENCE, System::nanoTime);
        watch.schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-connection-watch-" + stage);
            thread.setDaemon(true);
            return thread;
        });
        watch.schedule.scheduleWithFixedDelay(watch::checkQuietly, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /** A failed look (a client closing meanwhile) must not end the schedule. */
    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.debug("{}: could not read the Kafka clients' connections", stage, e);
        }
    }

    /** Looks at the clients' connections now. */
    synchronized void check() {
        long now = nanoTime.getAsLong();
        if (connections() > 0) {
            if (warned) {
                LOG.info("{}: connected to Kafka at {} again after {} s", stage, bootstrapServers,
                        Duration.ofNanos(now - disconnectedSince).toSeconds());
            }
            disconnectedSince = -1;
            warned = false;
            return;
        }
        if (disconnectedSince < 0) {
            disconnectedSince = now;
        } else if (!warned && now - disconnectedSince >= patienceNanos) {
            warned = true;
            LOG.warn("{}: no connection to Kafka at {} for {} s; waiting for it (records wait on the broker, nothing is lost)."
                    + " Is the broker up and reachable from here?", stage, bootstrapServers, Duration.ofNanos(now - disconnectedSince).toSeconds());
        }
    }

    /** Open connections summed over every client whose metrics are given (consumers, producers, admin clients). */
    private double connections() {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
            if (CONNECTION_COUNT.equals(entry.getKey().name()) && entry.getValue().metricValue() instanceof Double count) {
                total += count;
            }
        }
        return total;
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}

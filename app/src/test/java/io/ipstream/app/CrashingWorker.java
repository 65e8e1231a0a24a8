package io.ipstream.app;

import io.ipstream.common.IpLogCodec;
import io.ipstream.forecasting.archive.Archiver;
import io.ipstream.forecasting.archive.Database;
import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.forecasting.archive.PointArchive;
import io.ipstream.forecasting.ingest.Ingest;
import io.ipstream.forecasting.store.TimeSeriesStore;
import io.ipstream.forecasting.store.TimeSeriesStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * A separate JVM that runs the real ingest or archive and dies by {@code Runtime.halt} (no shutdown
 * hooks, no flushing: as a SIGKILL would) at the exact point under test:
 * {@code archive}: after the PostgreSQL commit, before the Redis trim;
 * {@code ingest}: after Redis acknowledged a batch, before its offsets are committed.
 */
final class CrashingWorker {
    static final int HALTED = 137;

    private CrashingWorker() {
    }

    /** Runs the worker in its own JVM on the test classpath and waits for it to die; returns its exit code. */
    static int run(Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashingWorker.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the crashing worker did not crash within 2 minutes; see " + log);
        }
        return process.exitValue();
    }

    /** {@code archive PREFIX JDBC_URL USER SCHEMA HORIZON_DAYS BATCH} or {@code ingest PREFIX BOOTSTRAP GROUP}. */
    public static void main(String[] args) {
        String redis = StoreFixture.REDIS;
        try (TimeSeriesStore store = TimeSeriesStores.connect(redis, args[1], StoreFixture.NO_RETENTION)) {
            if (args[0].equals("archive")) {
                try (Database database = Database.open(new DatabaseSettings(args[2], args[3], "", args[4]))) {
                    database.migrate();
                    new Archiver(store, new PointArchive(database), Duration.ofDays(Long.parseLong(args[5])), Integer.parseInt(args[6]),
                            (points, changed) -> Runtime.getRuntime().halt(HALTED)).runOnce();
                }
            } else {
                // The broker's shortest session: the restarted ingest need not wait long for this dead member to expire.
                Map<String, Object> shortSession = Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
                try (Ingest ingest = new Ingest(args[2], args[3], store, new IpLogCodec(ZoneOffset.UTC), shortSession,
                        (records, points) -> Runtime.getRuntime().halt(HALTED))) {
                    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                    while (System.nanoTime() < deadline) {
                        ingest.pollOnce(Duration.ofMillis(200));
                    }
                }
            }
        }
        // Reaching this line means the crash point was never passed: the test must fail.
        System.exit(3);
    }
}

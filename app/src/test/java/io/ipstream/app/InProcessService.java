package io.ipstream.app;

import io.ipstream.forecasting.archive.DatabaseSettings;
import io.ipstream.forecasting.service.ArchiveSettings;
import io.ipstream.forecasting.service.ForecastingService;
import io.ipstream.forecasting.service.RedisSettings;
import io.ipstream.forecasting.service.ServiceSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The forecasting service with ingest and the scheduled archive (no trainer, no HTTP), in this JVM,
 * with its meters at hand: for tests that break Redis or PostgreSQL under it and watch it recover
 * without being restarted.
 */
final class InProcessService implements AutoCloseable {
    /** The archive as ForecastingServiceIT runs it: a pass every second, several batches per pass. */
    static final Duration HORIZON = Duration.ofDays(7);
    private static final Duration ARCHIVE_INTERVAL = Duration.ofSeconds(1);
    private static final int ARCHIVE_BATCH = 10_000;

    private final ForecastingService service;
    private final SimpleMeterRegistry registry;

    private InProcessService(ForecastingService service, SimpleMeterRegistry registry) {
        this.service = service;
        this.registry = registry;
    }

    /** Ingests ip-logs from {@code bootstrapServers} into Redis at {@code redisUri} under the fixture's prefix, archives into {@code database}. */
    static InProcessService start(String bootstrapServers, String redisUri, StoreFixture fixture, DatabaseSettings database) {
        ServiceSettings settings = new ServiceSettings(true, bootstrapServers, "faults-it-" + fixture.prefix, Map.of(),
                new RedisSettings(redisUri, fixture.prefix, StoreFixture.NO_RETENTION), database,
                new ArchiveSettings(HORIZON, ARCHIVE_INTERVAL, ARCHIVE_BATCH), null, ZoneOffset.UTC);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        return new InProcessService(ForecastingService.start(settings, registry), registry);
    }

    ForecastingService service() {
        return service;
    }

    /** A counter of the service's own, by its {@code MetricNames} name. */
    long counter(String name) {
        return (long) registry.get(name).counter().count();
    }

    @Override
    public void close() {
        service.close();
    }
}

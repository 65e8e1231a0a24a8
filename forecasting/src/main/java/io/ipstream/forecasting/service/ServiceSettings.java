package io.ipstream.forecasting.service;

import io.ipstream.common.ConfigError;
import io.ipstream.common.Durations;
import io.ipstream.forecasting.archive.DatabaseSettings;
import java.time.ZoneId;
import java.util.Map;

/**
 * Everything the forecasting service needs: where Kafka, Redis and PostgreSQL are, how the store,
 * the archive and the trainer behave. {@code ingest} false runs the archive alone ({@code ipstream
 * archive}); {@code training} null runs no trainer. {@code zone}: of ip-logs timestamps written without an offset.
 */
public record ServiceSettings(boolean ingest, String bootstrapServers, String groupId, Map<String, Object> consumerOverrides,
                              RedisSettings redis, DatabaseSettings database, ArchiveSettings archive, TrainingSchedule training,
                              ZoneId zone) {
    public ServiceSettings {
        if (archive.horizon().isNegative() || archive.interval().toMillis() < 1 || archive.batchPoints() < 1) {
            throw new ConfigError("--archive-horizon must not be negative, --archive-interval must be positive, --archive-batch at least 1");
        }
        if (redis.retention().isNegative()) {
            throw new ConfigError("--redis-retention must not be negative");
        }
        if (!redis.retention().isZero() && redis.retention().compareTo(archive.horizon().plus(archive.interval())) <= 0) {
            throw new ConfigError("--redis-retention " + Durations.format(redis.retention()) + " would drop points before the archive moves them;"
                    + " make it longer than --archive-horizon plus --archive-interval, or 0 for none");
        }
    }
}

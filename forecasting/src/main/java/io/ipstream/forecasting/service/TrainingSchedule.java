package io.ipstream.forecasting.service;

import io.ipstream.common.IpPartitionMap;
import io.ipstream.forecasting.train.TrainerSettings;
import java.time.Duration;

/** How often the service trains, what, and the partition map that decides which IPs are this instance's. */
public record TrainingSchedule(Duration interval, TrainerSettings trainer, IpPartitionMap partitionMap) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
}

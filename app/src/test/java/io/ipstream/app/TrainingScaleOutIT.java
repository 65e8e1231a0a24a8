package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.common.Metric;
import io.ipstream.forecasting.service.ArchiveSettings;
import io.ipstream.forecasting.service.ForecastingService;
import io.ipstream.forecasting.service.RedisSettings;
import io.ipstream.forecasting.service.ServiceSettings;
import io.ipstream.forecasting.service.TrainingSchedule;
import io.ipstream.forecasting.train.TrainerSettings;
import io.ipstream.forecasting.train.TrainingRun;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two forecasting services in one group split the training as they split the ingest: every IP trained by exactly one. */
class TrainingScaleOutIT {
    private static final List<String> SEED_IPS = List.of("46.39.79.251", "229.46.205.74", "187.44.158.33");

    @TempDir
    Path work;

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture();


    @Test
    void shouldTrainEachIpOnTheInstanceThatOwnsItsPartitionAndNowhereElse() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"))) {
            // given: the seed data in ip-logs, and two services in one consumer group
            Pipelines.loadSeed(broker.bootstrapServers());
            IpPartitionMap map = IpPartitionMap.load(null);
            ServiceSettings settings = new ServiceSettings(true, broker.bootstrapServers(), "scale-out-" + fixture.prefix, Map.of(),
                    new RedisSettings(StoreFixture.REDIS, fixture.prefix, StoreFixture.NO_RETENTION), fixture.databaseSettings(),
                    new ArchiveSettings(Duration.ofDays(7), Duration.ofSeconds(1), 50_000),
                    new TrainingSchedule(Duration.ofSeconds(1),
                            new TrainerSettings(List.of(Metric.UNQ_DST_IP), 8, Duration.ofDays(30), 2, 0.95, 1, ZoneOffset.UTC), map),
                    ZoneOffset.UTC);
            try (ForecastingService first = ForecastingService.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
                 ForecastingService second = ForecastingService.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {

                // when: both own partitions, and each has completed a round since
                await().atMost(Duration.ofMinutes(2)).until(() -> !first.ownedPartitions().isEmpty() && !second.ownedPartitions().isEmpty());
                Set<Integer> firstOwns = first.ownedPartitions();
                Set<Integer> secondOwns = second.ownedPartitions();
                TrainingRun firstBefore = first.lastTrainingRound().orElse(null);
                TrainingRun secondBefore = second.lastTrainingRound().orElse(null);
                await().atMost(Duration.ofMinutes(2)).until(() -> first.lastTrainingRound().orElse(null) != firstBefore
                        && second.lastTrainingRound().orElse(null) != secondBefore
                        && first.lastTrainingRound().get().ips().size() + second.lastTrainingRound().get().ips().size() == SEED_IPS.size());
                TrainingRun firstRound = first.lastTrainingRound().orElseThrow();
                TrainingRun secondRound = second.lastTrainingRound().orElseThrow();

                // then: the partitions are split, and so are the IPs, each to the owner of its partition
                assertThat(first.ownedPartitions()).isEqualTo(firstOwns);
                assertThat(second.ownedPartitions()).isEqualTo(secondOwns);
                assertThat(new HashSet<>(firstOwns)).doesNotContainAnyElementsOf(secondOwns);
                IpPartitioner partitioner = new IpPartitioner(map);
                assertThat(firstRound.ips()).allMatch(ip -> firstOwns.contains(partitioner.partition(ip, 3)));
                assertThat(secondRound.ips()).allMatch(ip -> secondOwns.contains(partitioner.partition(ip, 3)));
                Set<String> union = new TreeSet<>(firstRound.ips());
                union.addAll(secondRound.ips());
                assertThat(union).containsExactlyInAnyOrderElementsOf(SEED_IPS);
                assertThat(firstRound.ips()).doesNotContainAnyElementsOf(secondRound.ips());
            }
        }
    }
}

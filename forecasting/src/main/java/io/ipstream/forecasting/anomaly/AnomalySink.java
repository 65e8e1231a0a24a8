package io.ipstream.forecasting.anomaly;

import io.ipstream.common.Anomaly;
import java.util.List;
import java.util.function.IntConsumer;

/** Where the forecast-based detector's findings go. */
@FunctionalInterface
public interface AnomalySink {
    /** Takes what a round found; returns those not stored before. */
    List<Anomaly> found(List<Anomaly> anomalies);

    /** This sink, counting what it stores. */
    default AnomalySink counting(IntConsumer stored) {
        return anomalies -> {
            List<Anomaly> fresh = found(anomalies);
            stored.accept(fresh.size());
            return fresh;
        };
    }

    /** Stored in PostgreSQL only ({@code ipstream train --once}, which has no Kafka). */
    static AnomalySink stored(AnomalyRepository repository, java.time.Clock clock) {
        return anomalies -> repository.saveNew(anomalies, clock.instant());
    }

    /**
     * Published to ip-anomalies, then stored: each anomaly is published until it is stored, so a
     * crash between the two publishes it again next round (at least once on the topic, exactly once
     * in the table; consumers can tell duplicates by (src_ip, metric, timestamp, source)).
     */
    static AnomalySink publishedAndStored(AnomalyRepository repository, AnomalyPublisher publisher, java.time.Clock clock) {
        return anomalies -> {
            List<Anomaly> unseen = repository.unseen(anomalies);
            publisher.publish(unseen);
            return repository.saveNew(unseen, clock.instant());
        };
    }
}

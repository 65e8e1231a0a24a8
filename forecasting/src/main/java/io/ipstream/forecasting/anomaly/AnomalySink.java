package io.ipstream.forecasting.anomaly;

import io.ipstream.common.Anomaly;
import java.util.List;

/** Where the forecast-based detector's findings go. */
@FunctionalInterface
public interface AnomalySink {
    void found(List<Anomaly> anomalies);

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
            repository.saveNew(unseen, clock.instant());
        };
    }
}

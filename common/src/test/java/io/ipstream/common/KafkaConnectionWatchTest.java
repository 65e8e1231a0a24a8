package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class KafkaConnectionWatchTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final AtomicLong now = new AtomicLong();
    private final Connections consumer = new Connections("consumer-metrics");
    private final Connections producer = new Connections("producer-metrics");
    private final KafkaConnectionWatch watch = new KafkaConnectionWatch("ingest", "broker-1:9092",
            () -> Map.of(consumer.metricName(), consumer, producer.metricName(), producer), PATIENCE, now::get);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(KafkaConnectionWatch.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    @Test
    void shouldSayNothingWhileAnyClientIsConnected() {
        // given: the consumer lost its connections, the producer kept one
        consumer.count = 0;
        producer.count = 1;

        // when: checked for longer than the patience
        for (int second = 0; second <= 30; second++) {
            at(second);
        }

        // then
        assertThat(log.list).isEmpty();
    }

    @Test
    void shouldWarnOnceAfterThePatienceAndSayOnceWhenConnectedAgain() {
        // given: connected, then no client has a connection from second 5
        consumer.count = 2;
        at(0);
        consumer.count = 0;

        // when: checked every second through a 40 s outage
        for (int second = 5; second < 45; second++) {
            at(second);
        }
        consumer.count = 1;
        at(45);
        at(46);

        // then: one warning once the patience ran out, naming the stage and the broker; one line when back
        assertThat(log.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
        assertThat(log.list.get(0).getFormattedMessage())
                .startsWith("ingest: no connection to Kafka at broker-1:9092 for 10 s");
        assertThat(log.list.get(1).getFormattedMessage()).isEqualTo("ingest: connected to Kafka at broker-1:9092 again after 40 s");
    }

    @Test
    void shouldSayNothingOfAShortGapAndCountTheNextOutageAfresh() {
        // given: a gap shorter than the patience
        consumer.count = 0;
        for (int second = 0; second < 9; second++) {
            at(second);
        }
        consumer.count = 1;
        at(9);

        // when: a second gap, also shorter than the patience
        consumer.count = 0;
        for (int second = 10; second < 19; second++) {
            at(second);
        }

        // then
        assertThat(log.list).isEmpty();
    }

    private void at(int second) {
        now.set(Duration.ofSeconds(second).toNanos());
        watch.check();
    }

    /** A client's connection-count metric, as Kafka's selector reports it. */
    private static final class Connections implements Metric {
        private final MetricName name;
        double count;

        Connections(String group) {
            this.name = new MetricName("connection-count", group, "The current number of active connections.", Map.of("client-id", group));
        }

        @Override
        public MetricName metricName() {
            return name;
        }

        @Override
        public Object metricValue() {
            return count;
        }
    }
}

package io.ipstream.app.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What can hold a record up inside this JVM during a latency run: the longest garbage-collection
 * pause (from the JVM's own notifications), and the stream threads' longest commit, poll and
 * process-loop iteration (Kafka Streams' thread metrics, which cover the last 30 to 60 s). A
 * latency tail far above all of them lies outside the stream thread's work: in waiting for the
 * next commit, the broker, or the reader.
 */
final class StallProbe implements AutoCloseable {
    private static final String THREAD_METRICS = "stream-thread-metrics";
    private static final List<String> THREAD_MAXIMA = List.of("commit-latency-max", "poll-latency-max", "process-latency-max",
            "punctuate-latency-max");

    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final NotificationListener listener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            // Concurrent cycles run beside the application; only the pauses stop it.
            if (!info.getGcName().contains("Concurrent")) {
                recordPause(info.getGcInfo().getDuration());
            }
        }
    };
    private long longestPauseMs;

    StallProbe() {
        collectors.forEach(collector -> ((NotificationEmitter) collector).addNotificationListener(listener, null, null));
    }

    private synchronized void recordPause(long millis) {
        longestPauseMs = Math.max(longestPauseMs, millis);
    }

    /** The longest pause since the last call, and forgets it. */
    synchronized long takeLongestPauseMs() {
        long longest = longestPauseMs;
        longestPauseMs = 0;
        return longest;
    }

    /** Each thread maximum in {@link #THREAD_MAXIMA}, in milliseconds, the largest over the instance's stream threads. */
    static Map<String, Double> threadMaxima(KafkaStreams streams) {
        Map<String, Double> maxima = new LinkedHashMap<>();
        THREAD_MAXIMA.forEach(name -> maxima.put(name, 0.0));
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (THREAD_METRICS.equals(name.group()) && maxima.containsKey(name.name())
                    && entry.getValue().metricValue() instanceof Double value && !value.isNaN()) {
                maxima.merge(name.name(), value, Math::max);
            }
        }
        return maxima;
    }

    @Override
    public void close() {
        collectors.forEach(collector -> {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}

package io.ipstream.app.bench;

import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpPartitioner;
import io.ipstream.loader.LogSender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends records at a fixed rate with the loader's producer settings, keyed and partitioned by
 * source IP as the loader does. Record i is due at {@code start + i / rate} on the monotonic clock;
 * the thread parks until the next record is due, then sends it. A park overshoots by tens of
 * microseconds and a send may stall, but the schedule does not drift: records already due go out at
 * once, so the rate holds over the run. Latency counts from the due time, so a sender that falls
 * behind cannot hide its delay.
 */
final class PacedSender implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final IpPartitioner partitioner = new IpPartitioner(IpPartitionMap.empty());

    PacedSender(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(LogSender.producerDefaults());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The rate a run achieved and how far behind its schedule the latest send was. */
    record Pacing(double recordsPerSecond, double maxLagMs) {
    }

    /**
     * Sends {@code values} (keyed by {@code ips}, same order) to {@code topic} at {@code rate} per
     * second, telling {@code tracker} of each record, with its due time, just before it is sent;
     * returns once every record is acknowledged.
     */
    Pacing send(String topic, int partitions, List<String> ips, List<byte[]> values, int rate, LatencyTracker tracker) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        double interval = 1e9 / rate;
        long start = System.nanoTime();
        long maxLag = 0;
        long last = start;
        for (int i = 0; i < values.size(); i++) {
            long due = start + Math.round(i * interval);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            last = System.nanoTime();
            maxLag = Math.max(maxLag, last - due);
            String ip = ips.get(i);
            tracker.sent(ip, due);
            producer.send(new ProducerRecord<>(topic, partitioner.partition(ip, partitions), ip, values.get(i)), (metadata, exception) -> {
                if (exception != null) {
                    failure.compareAndSet(null, exception);
                }
            });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("the broker did not accept a record: " + failure.get().getMessage(), failure.get());
        }
        return new Pacing(values.size() < 2 ? rate : (values.size() - 1) / ((last - start) / 1e9), maxLag / 1e6);
    }

    @Override
    public void close() {
        producer.close();
    }
}

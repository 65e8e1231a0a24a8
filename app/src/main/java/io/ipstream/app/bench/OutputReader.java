package io.ipstream.app.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a downstream application sees of a topic, and when: a {@code read_committed} consumer on its
 * own thread, from the end every partition had at construction, handing each record to a handler
 * with the time its batch arrived. Under exactly-once a record is visible only once the
 * transaction that wrote it commits, so this is the moment an output becomes usable.
 */
final class OutputReader implements AutoCloseable {
    /** Receives each record read, with the {@link System#nanoTime()} its batch arrived at. */
    interface Handler {
        void read(String key, byte[] value, long seenNanos) throws Exception;
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    OutputReader(String bootstrapServers, String topic, Handler handler) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolves the end offsets now, before anything is sent, rather than lazily at the first poll.
        partitions.forEach(consumer::position);
        thread = new Thread(() -> poll(handler), "bench-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void poll(Handler handler) {
        try {
            while (running) {
                var batch = consumer.poll(Duration.ofMillis(100));
                long seen = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : batch) {
                    handler.read(record.key(), record.value(), seen);
                }
            }
        } catch (WakeupException e) {
            // close() ends the poll.
        } catch (Exception e) {
            failure.set(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Fails if the reading thread has stopped on an error. */
    void throwIfFailed() {
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("reading the output failed: " + error.getMessage(), error);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}

package io.ipstream.app.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells when a Kafka Streams application has processed everything in its input: its committed
 * offsets (which, under exactly-once, commit together with the outputs) have reached the end of
 * every partition of the input topic and of its internal repartition topics.
 */
public final class ProcessingProgress implements AutoCloseable {
    private final Admin admin;
    private final String applicationId;
    private final String inputTopic;

    public ProcessingProgress(String bootstrapServers, String applicationId, String inputTopic) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.applicationId = applicationId;
        this.inputTopic = inputTopic;
    }

    /**
     * Records not yet processed, summed over every partition of the input topic and of the
     * application's repartition topics (including partitions it has not committed on yet).
     */
    public long lag() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        List<String> topics = new ArrayList<>(List.of(inputTopic));
        admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get().stream()
                .filter(name -> name.startsWith(applicationId + "-") && name.endsWith("-repartition"))
                .forEach(topics::add);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
        }
        return lag;
    }

    /** Waits until the lag is zero; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws ExecutionException, InterruptedException {
        return awaitCaughtUp(timeout, () -> true);
    }

    /** Waits until the lag is zero; false on timeout, or as soon as {@code alive} says the application stopped. */
    public boolean awaitCaughtUp(Duration timeout, BooleanSupplier alive) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lag() > 0) {
            if (System.nanoTime() > deadline || !alive.getAsBoolean()) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return true;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.app.demo.LatestValues;
import io.ipstream.common.Topics;
import io.ipstream.topology.query.InstanceInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zombie: one of two streams instances (each in its own JVM) frozen with SIGSTOP in the middle of
 * a transaction while the loader sends, for longer than the group's session timeout and than the
 * transaction timeout, so that the group gives its tasks to the other instance and the broker aborts
 * the frozen transaction; then woken with SIGCONT, still believing it owns its tasks. Under
 * exactly-once the zombie must be fenced, not counted: every IP's statistics come out exact on both
 * instances, and the woken instance rejoins the group instead of failing. When the zombie's commit
 * reaches the coordinator before anything tells it it was fenced, its producer fails for good
 * (InvalidTxnStateException); the stream thread is then replaced (StreamThreadFailures), which is
 * what this test caught when that failure shut the instance down instead.
 */
class ZombieInstanceIT {
    private static final String APPLICATION_ID = "ipstream-zombie-it";

    @TempDir
    Path work;

    private EmbeddedKafka broker;
    private final List<StreamsProcess> started = new ArrayList<>();
    private LoaderProcess loader;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (loader != null) {
            loader.kill();
        }
        // SIGKILL also ends a JVM that a failed assertion left suspended.
        for (StreamsProcess instance : started) {
            instance.kill();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCountEveryRecordOnceWhenAnInstanceFrozenMidTransactionWakesUpAfterItsTasksMoved() throws Exception {
        // given: two instances holding the seed CSV's statistics, and generated IPs being loaded by another process.
        // The broker looks for timed-out transactions every second instead of every 10 s, so that it aborts the
        // zombie's transaction soon after its timeout and the pause stays short; what it does then is unchanged.
        broker = EmbeddedKafka.start(0, work.resolve("kafka"),
                Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"));
        Path map = Files.copy(Path.of("..", "ip-partition-map.csv"), work.resolve("map.csv"));
        Path generated = work.resolve("generated.jsonl");
        Pipelines.cli("generate", "--ips", "40", "--days", "45", "--seed", "9", "--template", SeedCsv.LOGS_CSV.toString(),
                "--partition-map", map.toString(), "--partitions", "3", "--out-file", generated.toString());
        long generatedRecords = Files.readAllLines(generated).size();
        Set<String> generatedIps = ExactStats.fromFiles(generated).keySet();
        Path streamsConfig = StreamsProcess.fastFailoverConfig(work.resolve("streams.properties"));
        StreamsProcess zombie = start("zombie", map, streamsConfig);
        StreamsProcess survivor = start("survivor", map, streamsConfig);
        awaitReady(zombie, survivor);
        Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--csv", SeedCsv.LOGS_CSV.toString(),
                "--partition-map", map.toString());
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
        Path checkpoint = work.resolve("load.checkpoint");
        loader = LoaderProcess.start(work.resolve("loader.log"), "--bootstrap-servers", broker.bootstrapServers(),
                "--file", generated.toString(), "--partition-map", map.toString(), "--checkpoint", checkpoint.toString(), "--rate", "700");
        await().atMost(Duration.ofMinutes(1)).until(() -> LoaderProcess.acknowledged(checkpoint) >= generatedRecords / 5
                && generatedIps.stream().anyMatch(ip -> zombie.status("/api/ips/" + ip + "/stats") == 200)
                && !activeInputPartitions(zombie).isEmpty() && !activeInputPartitions(survivor).isEmpty());
        Set<TopicPartition> zombieInputs = activeInputPartitions(zombie);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            // when: the instance is frozen with a transaction open (records processed, outputs and state changes
            // written, nothing committed), while the loader goes on
            String zombieTransaction = suspendInsideATransaction(zombie, zombieInputs, admin);
            long transactionStartMs = describe(admin, zombieTransaction).transactionStartTimeMs().orElseThrow();
            assertThat(loader.isAlive()).as("the loader is still sending when the instance freezes").isTrue();
            Map<TopicPartition, Long> committedAtFreeze = committed(admin, zombieInputs);

            // then: while it is frozen, its heartbeats stop, so after the session timeout (the 8 s of fastFailoverConfig;
            // max.poll.interval.ms is not involved since the heartbeat thread is frozen too) the group gives its tasks
            // to the survivor, which commits past the zombie's input offsets; and once the transaction outlives its
            // timeout (transaction.timeout.ms, 10 s under exactly-once unless set), the broker aborts it on its own,
            // so the pause is longer than both
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(describe(admin, zombieTransaction).state()).isEqualTo(TransactionState.COMPLETE_ABORT);
                assertThat(committed(admin, zombieInputs)).allSatisfy((partition, offset) ->
                        assertThat(offset).as(partition.toString()).isGreaterThan(committedAtFreeze.get(partition)));
            });
            // (the timeout runs from the transaction's start, which came before the freeze)
            assertThat(System.currentTimeMillis() - transactionStartMs).as("the aborted transaction's age, ms")
                    .isGreaterThanOrEqualTo(describe(admin, zombieTransaction).transactionTimeoutMs());

            // when: the zombie wakes up, as if nothing had happened
            zombie.resume();
        }

        // then: the loader completes; the woken instance is fenced off its stale tasks without failing and rejoins the
        // group; every IP is answered exactly by both instances; nothing was dead-lettered
        assertThat(loader.awaitExit(Duration.ofMinutes(2))).as(loader.output()).isZero();
        Pipelines.awaitProcessed(broker.bootstrapServers(), APPLICATION_ID);
        Map<String, ExactStats.InputStats> expected = ExactStats.fromFiles(SeedCsv.LOGS_CSV, generated);
        ExactStats.awaitServed(expected, List.of(zombie, survivor));
        await().atMost(Duration.ofMinutes(1)).until(() -> zombie.instances().size() == 2 && survivor.instances().size() == 2);
        assertThat(LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ)).isEmpty();
        for (String name : List.of("zombie", "survivor")) {
            assertThat(Files.readString(work.resolve(name + ".log"))).as(name).doesNotContain("-> PENDING_ERROR").doesNotContain("-> ERROR");
        }
        assertThat(zombie.isAlive() && survivor.isAlive()).isTrue();
    }

    private StreamsProcess start(String name, Path map, Path streamsConfig) throws Exception {
        StreamsProcess process = StreamsProcess.start(broker.bootstrapServers(), APPLICATION_ID, work.resolve("state-" + name),
                FreePorts.pick("127.0.0.1", 1)[0], work.resolve(name + ".log"), "--partition-map", map.toString(),
                "--streams-config", streamsConfig.toString());
        started.add(process);
        return process;
    }

    private static void awaitReady(StreamsProcess... instances) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> List.of(instances).stream().allMatch(instance -> instance.status("/health/ready") == 200));
    }

    /** The input partitions whose tasks the instance runs, as it sees the group. */
    private static Set<TopicPartition> activeInputPartitions(StreamsProcess instance) {
        return instance.instances().stream().filter(InstanceInfo::self).flatMap(self -> self.activePartitions().stream())
                .filter(partition -> partition.startsWith(Topics.IP_LOGS + "-"))
                .map(partition -> new TopicPartition(Topics.IP_LOGS, Integer.parseInt(partition.substring(Topics.IP_LOGS.length() + 1))))
                .collect(Collectors.toSet());
    }

    /**
     * Freezes the instance while one of its transactions is open and returns that transaction's id. A running
     * instance begins and commits several transactions a second; so, watching its id, the instance is frozen as soon
     * as a transaction is open, until a freeze holds one: still open half a second later, when a commit already on
     * its way would have completed. Each freeze that does not hold is undone at once, far within the session
     * timeout, so the group does not notice.
     */
    private static String suspendInsideATransaction(StreamsProcess instance, Set<TopicPartition> inputs, Admin admin)
            throws Exception {
        String transactionalId = transactionalIdOwning(inputs, admin);
        for (int attempt = 1; attempt <= 20; attempt++) {
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> describe(admin, transactionalId).state() == TransactionState.ONGOING);
            instance.suspend();
            TimeUnit.MILLISECONDS.sleep(500);
            if (describe(admin, transactionalId).state() == TransactionState.ONGOING) {
                return transactionalId;
            }
            instance.resume();
        }
        throw new AssertionError("never froze the instance inside a transaction of " + transactionalId);
    }

    /**
     * The transactional id of the stream thread that owns these input partitions. Under exactly-once v2 a stream
     * thread's transactional id is {@code <application.id>-<process id>-<thread index>}, and the group member of
     * that thread has the client id {@code <application.id>-<process id>-StreamThread-<thread index>-consumer}
     * (the default client id prefix); so the group's assignment names the id. Earlier ids of the same instance
     * (a replaced thread's) stay listed by the broker, which is why the id is not guessed from the list.
     */
    private static String transactionalIdOwning(Set<TopicPartition> inputs, Admin admin) {
        Pattern streamThreadConsumer = Pattern.compile("(" + Pattern.quote(APPLICATION_ID) + "-.+)-StreamThread-(\\d+)-consumer");
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<MemberDescription> owners = admin.describeConsumerGroups(List.of(APPLICATION_ID)).all().get()
                    .get(APPLICATION_ID).members().stream()
                    .filter(member -> !Collections.disjoint(member.assignment().topicPartitions(), inputs)).toList();
            if (owners.size() != 1) {
                return null;
            }
            Matcher clientId = streamThreadConsumer.matcher(owners.get(0).clientId());
            assertThat(clientId.matches()).as("a stream thread's consumer client id: " + owners.get(0).clientId()).isTrue();
            String transactionalId = clientId.group(1) + "-" + clientId.group(2);
            return transactions(admin).containsKey(transactionalId) ? transactionalId : null;
        }, Objects::nonNull);
    }

    private static Map<String, TransactionDescription> transactions(Admin admin) throws ExecutionException, InterruptedException {
        List<String> ids = admin.listTransactions().all().get().stream().map(TransactionListing::transactionalId)
                .filter(id -> id.startsWith(APPLICATION_ID + "-")).toList();
        return admin.describeTransactions(ids).all().get();
    }

    private static TransactionDescription describe(Admin admin, String transactionalId) throws ExecutionException, InterruptedException {
        return admin.describeTransactions(List.of(transactionalId)).all().get().get(transactionalId);
    }

    /** The application's committed offsets on these partitions (0 where none is committed yet). */
    private static Map<TopicPartition, Long> committed(Admin admin, Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get();
        return partitions.stream().collect(Collectors.toMap(partition -> partition,
                partition -> all.get(partition) == null ? 0L : all.get(partition).offset()));
    }
}

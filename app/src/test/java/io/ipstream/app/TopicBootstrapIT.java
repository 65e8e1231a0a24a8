package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.common.ConfigError;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.TopicBootstrap;
import io.ipstream.common.Topics;
import io.ipstream.common.TopicsConfig;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import io.ipstream.topology.TopologyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topic bootstrap against a real broker: create what is missing, keep what exists, refuse what cannot work. */
class TopicBootstrapIT {
    @TempDir
    Path work;

    private EmbeddedKafka broker;
    private Admin admin;
    private final TopicsConfig topics = TopicsConfig.load(null).withReplicationAtMost((short) 1);

    @BeforeEach
    void start() {
        broker = EmbeddedKafka.start(0, work.resolve("kafka"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterEach
    void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void shouldCreateMissingTopicsAndLeaveExistingOnesAlone() throws Exception {
        // given: ip-logs already exists with more partitions than configured
        admin.createTopics(List.of(new NewTopic(Topics.IP_LOGS, 6, (short) 1))).all().get();

        // when
        Map<String, Integer> partitions = TopicBootstrap.ensure(admin, topics, broker.bootstrapServers());

        // then
        assertThat(partitions).containsEntry(Topics.IP_LOGS, 6);
        // (the broker's metadata follows the controller's within moments)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.listTopics().names().get()).containsAll(Topics.ALL));
        assertThat(TopicBootstrap.describe(admin, List.of(Topics.IP_AVERAGES), broker.bootstrapServers()))
                .containsEntry(Topics.IP_AVERAGES, topics.find(Topics.IP_AVERAGES).partitions());
        assertThat(TopicBootstrap.ensure(admin, topics, broker.bootstrapServers())).isEqualTo(partitions);
    }

    @Test
    void shouldRaiseTheRecordSizeLimitOfADeadLetterTopicCreatedWithTheBrokersDefault() throws Exception {
        // given: a dead-letter topic made before topics.yaml asked for a larger limit, so the broker's 1 MiB applies
        admin.createTopics(List.of(new NewTopic(Topics.IP_LOGS_DLQ, 1, (short) 1))).all().get();
        String wanted = topics.find(Topics.IP_LOGS_DLQ).configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        ProducerRecord<String, byte[]> deadLetter = new ProducerRecord<>(Topics.IP_LOGS_DLQ, "198.51.100.7",
                incompressible(Integer.parseInt(wanted) * 3 / 4));
        try (KafkaProducer<String, byte[]> producer = largeRecordProducer(wanted)) {
            assertThatThrownBy(() -> producer.send(deadLetter).get()).hasCauseInstanceOf(RecordTooLargeException.class);
        }

        // when
        TopicBootstrap.ensure(admin, topics, broker.bootstrapServers());

        // then: the limit is the configured one, and the dead letter the old limit refused is accepted
        ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, Topics.IP_LOGS_DLQ);
        assertThat(admin.describeConfigs(List.of(dlq)).all().get().get(dlq).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
                .isEqualTo(wanted);
        try (KafkaProducer<String, byte[]> producer = largeRecordProducer(wanted)) {
            assertThat(producer.send(deadLetter).get().serializedValueSize()).isEqualTo(deadLetter.value().length);
        }
    }

    private KafkaProducer<String, byte[]> largeRecordProducer(String maxRequestSize) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.parseInt(maxRequestSize)), new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void shouldRefuseATopicWithFewerPartitionsThanConfigured() throws Exception {
        // given
        admin.createTopics(List.of(new NewTopic(Topics.IP_AVERAGES, 1, (short) 1))).all().get();

        // when / then
        assertThatThrownBy(() -> TopicBootstrap.ensure(admin, topics, broker.bootstrapServers()))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("topic ip-averages has 1 partitions but topics.yaml asks for 3");
    }

    @Test
    void shouldRefuseAPartitionMapNamingAPartitionTheTopicLacks() {
        // given
        StreamsSettings settings = StreamsSettings.of(broker.bootstrapServers(), "ipstream-bootstrap-it", work.resolve("streams"));
        TopologyConfig topology = TopologyConfig.defaults()
                .withPartitioning(IpPartitionMap.parse("src_ip,partition\n10.1.2.3,5\n", "test-map.csv"), 0);

        // when / then
        assertThatThrownBy(() -> StreamsRuntime.start(settings, topics, topology))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("10.1.2.3 is pinned to partition 5 but topic ip-logs has only 3 partitions");
    }

    private static byte[] incompressible(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}

package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipstream.common.TopicsConfig.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsConfigTest {
    private static final String SOURCE = "test-topics.yaml";
    static final List<String> REQUIRED_TOPICS = Topics.ALL;

    /** A topics file with every required topic, the given one written with its own entry. */
    private static String yamlWith(String topic, String entry) {
        return Topics.ALL.stream()
                .map(name -> name.equals(topic) ? entry : "  - name: " + name + "\n    partitions: 3\n    replication: 3\n")
                .collect(Collectors.joining("", "topics:\n", ""));
    }

    @Test
    void shouldDefineEveryRequiredTopicInThePackagedDefault() {
        // when
        TopicsConfig config = TopicsConfig.load(null);

        // then
        assertThat(config.topics()).extracting(TopicSpec::name).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(config.topics()).allSatisfy(topic -> {
            assertThat(topic.partitions()).isPositive();
            assertThat(topic.replication()).isPositive();
        });
    }

    @Test
    void shouldGiveEveryIpKeyedTopicTheSamePartitionCountInThePackagedDefault() {
        // given: all but the dead-letter topic are keyed by source IP
        TopicsConfig config = TopicsConfig.load(null);

        // when
        List<Integer> counts = Topics.ALL.stream().filter(name -> !name.equals(Topics.IP_LOGS_DLQ))
                .map(name -> config.find(name).partitions()).distinct().toList();

        // then
        assertThat(counts).hasSize(1);
    }

    @Test
    void shouldLetThePackagedDeadLetterTopicTakeTheLargestDeadLetter() {
        // given: the broker's default limit (1 MiB) is below a dead letter that keeps 1 MiB of its value
        TopicsConfig config = TopicsConfig.load(null);

        // when
        String limit = config.find(Topics.IP_LOGS_DLQ).configs().get("max.message.bytes");

        // then
        assertThat(limit).isNotNull();
        assertThat(Integer.parseInt(limit)).isGreaterThanOrEqualTo(DeadLetterValue.MAX_RECORD_BYTES);
    }

    @Test
    void shouldReadPartitionsReplicationAndConfigsAsStrings() {
        // given
        String yaml = yamlWith(Topics.IP_AVERAGES, "  - name: ip-averages\n    partitions: 6\n    replication: 2\n"
                + "    configs:\n      cleanup.policy: compact\n      min.compaction.lag.ms: 60000\n");

        // when
        TopicSpec spec = TopicsConfig.parse(yaml, SOURCE).find(Topics.IP_AVERAGES);

        // then
        assertThat(spec).isEqualTo(new TopicSpec(Topics.IP_AVERAGES, 6, (short) 2,
                Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000")));
    }

    @ParameterizedTest
    @FieldSource("REQUIRED_TOPICS")
    void shouldRejectAFileMissingARequiredTopicNamingIt(String missing) {
        // given
        String yaml = yamlWith(missing, "");

        // when / then
        assertThatThrownBy(() -> TopicsConfig.parse(yaml, SOURCE))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("does not define topic " + missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"partitions: 0\n    replication: 1", "partitions: -3\n    replication: 1",
        "partitions: 3\n    replication: 0", "replication: 1"})
    void shouldRejectATopicWithoutPartitionsOrReplicationNamingIt(String settings) {
        // given
        String yaml = yamlWith(Topics.IP_ANOMALIES, "  - name: ip-anomalies\n    " + settings + "\n");

        // when / then
        assertThatThrownBy(() -> TopicsConfig.parse(yaml, SOURCE))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining(SOURCE)
                .hasMessageContaining("topic ip-anomalies needs partitions and replication of at least 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "topics:\n  - name: ip-logs\n   partitions: 3\n  bad indentation",
        "topics: [unclosed",
        "topics:\n  - name: ip-logs\n    partitons: 3\n",
        "topics:\n  - name: ip-logs\n    partitions: many\n",
        "- just\n- a list\n",
        "",
        "topics:\n",
        "topics:\n  - name: ip-logs\n    partitions: 3\n    replication: 1\n  - name: ip-logs\n    partitions: 3\n    replication: 1\n",
    })
    void shouldRejectAnInvalidFileNamingIt(String yaml) {
        // when / then
        assertThatThrownBy(() -> TopicsConfig.parse(yaml, SOURCE))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith(SOURCE + ": ");
    }

    @Test
    void shouldCapReplicationAndKeepEverythingElse() {
        // given
        TopicsConfig config = new TopicsConfig(List.of(
                new TopicSpec("a", 3, (short) 3, Map.of("retention.ms", "1000")),
                new TopicSpec("b", 1, (short) 1, Map.of())));

        // when
        TopicsConfig capped = config.withReplicationAtMost((short) 2);

        // then
        assertThat(capped.topics()).containsExactly(
                new TopicSpec("a", 3, (short) 2, Map.of("retention.ms", "1000")),
                new TopicSpec("b", 1, (short) 1, Map.of()));
        assertThat(config.topics().get(0).replication()).as("the original is unchanged").isEqualTo((short) 3);
    }
}

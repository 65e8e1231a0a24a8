package io.ipstream.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The topics of {@code topics.yaml}: name, partitions, replication and topic configs. */
public record TopicsConfig(List<TopicSpec> topics) {

    /** One topic as configured. */
    public record TopicSpec(String name, int partitions, short replication, Map<String, String> configs) {
        public TopicSpec {
            configs = configs == null ? Map.of() : Map.copyOf(configs);
        }

        public TopicSpec withReplication(short newReplication) {
            return new TopicSpec(name, partitions, newReplication, configs);
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public TopicsConfig {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /** Loads the file at {@code path}, or the packaged default when path is null. */
    public static TopicsConfig load(Path path) {
        String source = DefaultFiles.describe(path, DefaultFiles.TOPICS_YAML);
        return parse(DefaultFiles.read(path, DefaultFiles.TOPICS_YAML), source);
    }

    public static TopicsConfig parse(String yaml, String source) {
        TopicsConfig config;
        try {
            config = YAML.readValue(yaml, TopicsConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigError(source + ": not a valid topics file: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (config == null || config.topics().isEmpty()) {
            throw new ConfigError(source + ": expected a non-empty 'topics:' list");
        }
        Set<String> names = new HashSet<>();
        for (TopicSpec topic : config.topics()) {
            if (topic.name() == null || topic.name().isBlank()) {
                throw new ConfigError(source + ": a topic has no name");
            }
            if (topic.partitions() < 1 || topic.replication() < 1) {
                throw new ConfigError(source + ": topic " + topic.name() + " needs partitions and replication of at least 1");
            }
            if (!names.add(topic.name())) {
                throw new ConfigError(source + ": topic " + topic.name() + " is defined twice");
            }
        }
        for (String required : Topics.ALL) {
            if (!names.contains(required)) {
                throw new ConfigError(source + ": does not define topic " + required);
            }
        }
        return config;
    }

    /** The topic named {@code name}; a missing one is a configuration error. */
    public TopicSpec find(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigError("the topics file does not define topic " + name));
    }

    /** The same topics with every replication factor capped, e.g. to 1 for a single-node broker. */
    public TopicsConfig withReplicationAtMost(short replication) {
        return new TopicsConfig(topics.stream()
                .map(t -> t.replication() > replication ? t.withReplication(replication) : t)
                .toList());
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipstream.app.demo.LatestValues;
import io.ipstream.common.ApiToken;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.MetricNames;
import io.ipstream.common.Topics;
import io.ipstream.topology.TopologyConfig;
import io.ipstream.topology.http.QueryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology's own counters in {@code /metrics}, after a run whose every figure is known in advance. */
class StreamsMetricsIT {
    private static final String APPLICATION_ID = "metrics-it";
    private static final int REPEATED = 100;
    private static final List<String> NOT_RECORDS = List.of("not json", "{}", "{\"src_ip\":\"10.0.0.1\"}", "[1,2,3]",
            "{\"src_ip\":\"999.1.1.1\",\"timestamp\":\"2022-01-03 08:00:00\"}", "", "\u0000\u0001binary");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void shouldCountRecordsDuplicatesDeadLettersAndAnomaliesExactly() throws Exception {
        // given: the topology and its REST API
        try (RunningPipeline pipeline = RunningPipeline.start(work, APPLICATION_ID)) {
            int port = FreePorts.pick("127.0.0.1", 1)[0];
            TopologyConfig topology = TopologyConfig.defaults().withPartitioning(IpPartitionMap.load(null), 0);
            try (QueryServer server = QueryServer.start("127.0.0.1", port, new HostInfo("127.0.0.1", port), pipeline.runtime().streams(),
                    topology, Duration.ofSeconds(1), ApiToken.NONE)) {
                String bootstrap = pipeline.broker().bootstrapServers();

                // when: the seed data, the first 100 of its records once more, and values that are not records at all
                Pipelines.loadSeed(bootstrap);
                List<String> seed = Files.readAllLines(SeedCsv.LOGS_CSV, StandardCharsets.UTF_8);
                Path again = work.resolve("again.csv");
                Files.write(again, seed.subList(0, REPEATED + 1), StandardCharsets.UTF_8);
                Pipelines.cli("load", "--bootstrap-servers", bootstrap, "--csv", again.toString());
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new StringSerializer(), new ByteArraySerializer())) {
                    for (String value : NOT_RECORDS) {
                        producer.send(new ProducerRecord<>(Topics.IP_LOGS, "10.0.0.1", value.getBytes(StandardCharsets.UTF_8))).get();
                    }
                }
                Pipelines.awaitProcessed(bootstrap, APPLICATION_ID);
                long anomaliesPublished = LatestValues.readAll(bootstrap, Topics.IP_ANOMALIES).size();

                // then: every figure, summed over the tasks, is what went in
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(sum(scrape, MetricNames.COUNTED_RECORDS)).as("records counted").isEqualTo(seed.size() - 1);
                    assertThat(sum(scrape, MetricNames.DUPLICATES)).as("duplicates").isEqualTo(REPEATED);
                    assertThat(sum(scrape, MetricNames.DEAD_LETTERS)).as("dead letters").isEqualTo(NOT_RECORDS.size());
                    assertThat(sum(scrape, MetricNames.STREAMING_ANOMALIES)).as("streaming anomalies").isEqualTo(anomaliesPublished)
                            .isPositive();
                });
            }
        }
    }

    /** The sum over all series of the Prometheus counter of one of our task sensors. */
    static long sum(String scrape, String sensor) {
        String name = "kafka_stream_" + MetricNames.SCOPE + "_" + sensor.replace('-', '_') + "_total";
        List<String> samples = scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).toList();
        assertThat(samples).as(name + " in /metrics").isNotEmpty();
        return Math.round(samples.stream().mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum());
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.app.demo.LatestValues;
import io.ipstream.common.ApiToken;
import io.ipstream.common.DeadLetterHeaders;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpPartitionMap;
import io.ipstream.common.IpStats;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.common.MetricNames;
import io.ipstream.common.Topics;
import io.ipstream.topology.HostileRecords;
import io.ipstream.topology.HostileRecords.Entry;
import io.ipstream.topology.HostileRecords.Totals;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import io.ipstream.topology.TopologyConfig;
import io.ipstream.topology.http.QueryServer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link HostileRecords} corpus on a real broker, through a running topology instance: what
 * {@code TopologyTestDriver} cannot show (the producers' and the broker's size limits, compression,
 * repartitioning through a real topic, the instance surviving, the REST API and /metrics).
 */
class HostileInputIT {
    private static final String APPLICATION_ID = "hostile-it";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void shouldDeadLetterEveryHostileRecordAndCountEveryGoodRecordAroundThemOnce() throws Exception {
        // given: the topology with its REST API (advertised, so it can tell which instance owns an IP)
        List<Entry> corpus = HostileRecords.all();
        int port = FreePorts.pick("127.0.0.1", 1)[0];
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"));
             StreamsRuntime runtime = Pipelines.startTopology(StreamsSettings.of(broker.bootstrapServers(), APPLICATION_ID, work.resolve("streams"))
                     .withQueries("127.0.0.1:" + port, 0))) {
            TopologyConfig topology = TopologyConfig.defaults().withPartitioning(IpPartitionMap.load(null), 0);
            try (QueryServer server = QueryServer.start("127.0.0.1", port, new HostInfo("127.0.0.1", port), runtime.streams(),
                    topology, Duration.ofSeconds(1), ApiToken.NONE)) {
                String bootstrap = broker.bootstrapServers();

                // when: each entry between two good records, all on partition 0 (where the good records' IP is pinned)
                Map<Long, Entry> byOffset = new HashMap<>();
                int good = 0;
                try (KafkaProducer<String, byte[]> producer = hostileProducer(bootstrap)) {
                    for (Entry entry : corpus) {
                        send(producer, HostileRecords.GOOD_IP, HostileRecords.good(good++));
                        byOffset.put(send(producer, entry.key(), entry.value()), entry);
                    }
                    send(producer, HostileRecords.GOOD_IP, HostileRecords.good(good++));
                }
                Pipelines.awaitProcessed(bootstrap, APPLICATION_ID);

                // then: the instance lives, and each rejected entry has one dead letter with its reason, key and bytes
                assertThat(runtime.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
                List<ConsumerRecord<String, byte[]>> letters = LatestValues.readAll(bootstrap, Topics.IP_LOGS_DLQ);
                letters.forEach(letter -> {
                    assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.IP_LOGS);
                    assertThat(header(letter, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
                });
                HostileRecords.assertDeadLetters(corpus, byOffset,
                        letters.stream().map(letter -> new HostileRecords.Letter(letter.key(), letter.value(), letter.headers())).toList());

                // and: every good record and every accepted entry counted once, in ip-averages and in the REST API
                Map<String, Totals> expected = HostileRecords.totals(corpus, good);
                Map<String, Totals> published = new TreeMap<>();
                LatestValues.read(bootstrap, Topics.IP_AVERAGES, IpStats.class)
                        .forEach((ip, stats) -> published.put(ip, new Totals(stats.count(), commonSum(ip, stats))));
                assertThat(published).isEqualTo(expected);
                for (String ip : expected.keySet()) {
                    assertThat(servedTotals(port, ip)).as("GET stats of " + ip).isEqualTo(expected.get(ip));
                }

                // and: the counters in /metrics say the same
                long counted = expected.values().stream().mapToLong(Totals::count).sum();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    String scrape = get(port, "/metrics").body();
                    assertThat(StreamsMetricsIT.sum(scrape, MetricNames.DEAD_LETTERS)).as("dead letters").isEqualTo(corpus.stream().filter(Entry::isDeadLetter).count());
                    assertThat(StreamsMetricsIT.sum(scrape, MetricNames.COUNTED_RECORDS)).as("records counted").isEqualTo(counted);
                });
            }
        }
    }

    @Test
    void shouldDeadLetterALineOverTheSizeLimitFromTheLoaderAndLoadTheRest() throws Exception {
        // given: a JSON Lines file with a 3 MiB line between two good ones
        String good = "{\"src_ip\":\"198.51.100.77\",\"unq_dst_ip\":1,\"allow\":1,\"drop\":1,\"frequency\":1,\"pkts_sent\":1,"
                + "\"pkts_received\":1,\"bytesin\":1,\"bytesout\":1,\"unq_dst_port\":1,\"timestamp\":\"2022-01-04 %02d:00:00\"}";
        String huge = String.format(good, 9).replace("}", ",\"padding\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}");
        Path file = Files.writeString(work.resolve("hostile.jsonl"), String.format(good, 8) + "\n" + huge + "\n" + String.format(good, 10) + "\n");

        try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"))) {
            // when
            String out = Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--file", file.toString());

            // then: the run goes on, and the dead letter keeps the first mebibyte and names the original size
            assertThat(out).contains("Sent 2 records", "rejected 1", "over the 1048576-byte limit");
            List<ConsumerRecord<String, byte[]>> deadLetters = LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS_DLQ);
            assertThat(deadLetters).hasSize(1);
            ConsumerRecord<String, byte[]> letter = deadLetters.get(0);
            byte[] original = huge.getBytes(StandardCharsets.UTF_8);
            assertThat(letter.value()).isEqualTo(Arrays.copyOf(original, IpLogCodec.MAX_VALUE_BYTES));
            assertThat(header(letter, DeadLetterHeaders.ORIGINAL_SIZE)).isEqualTo(Integer.toString(original.length));
            assertThat(header(letter, DeadLetterHeaders.SOURCE_FILE)).isEqualTo(file + ":2");
            assertThat(LatestValues.readAll(broker.bootstrapServers(), Topics.IP_LOGS)).hasSize(2);
        }
    }

    /**
     * A producer as a hostile or careless client might configure it: requests up to 16 MiB, and
     * compression, with which a 10 MiB value of repetitive bytes fits in the broker's 1 MiB batch limit.
     */
    static KafkaProducer<String, byte[]> hostileProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends one record to partition 0 of ip-logs and returns its offset. */
    static long send(KafkaProducer<String, byte[]> producer, String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.IP_LOGS, 0, key, value)).get().offset();
    }

    /** The count and metric sum the REST API serves for {@code ip}; every metric's sum must be the same here. */
    private static Totals servedTotals(int port, String ip) throws Exception {
        HttpResponse<String> response = get(port, "/api/ips/" + ip + "/stats");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode stats = Json.MAPPER.readTree(response.body());
        BigInteger sum = stats.get("metrics").get(Metric.ALL.get(0).wireName()).get("sum").bigIntegerValue();
        for (Metric metric : Metric.ALL) {
            assertThat(stats.get("metrics").get(metric.wireName()).get("sum").bigIntegerValue()).as(ip + " " + metric).isEqualTo(sum);
        }
        return new Totals(stats.get("count").asLong(), sum);
    }

    private static BigInteger commonSum(String ip, IpStats stats) {
        BigInteger sum = stats.metric(Metric.ALL.get(0)).sum();
        Metric.ALL.forEach(metric -> assertThat(stats.metric(metric).sum()).as(ip + " " + metric).isEqualTo(sum));
        return sum;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.IpStats;
import io.ipstream.common.Json;
import io.ipstream.common.Metric;
import io.ipstream.loader.InputRecord;
import io.ipstream.loader.RecordSources;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fault tests' yardstick: count and sums per IP computed straight from the input, and a bounded
 * wait until every instance's {@code GET /api/ips/{ip}/stats} answers exactly that for every IP.
 */
final class ExactStats {
    private static final ZoneOffset ZONE = ZoneOffset.UTC;

    private ExactStats() {
    }

    /** Per-IP statistics of input files (CSV or JSON Lines) read as the loader reads them; every record must be valid. */
    static Map<String, IpStats> fromFiles(Path... inputs) {
        RecordSources sources = new RecordSources(new IpLogCodec(ZONE));
        Map<String, IpStats> stats = new TreeMap<>();
        for (Path input : inputs) {
            for (InputRecord record : RecordSources.readAll(sources.open(input, null))) {
                assertThat(record.isValid()).as(record.origin() + ": " + record.rejection()).isTrue();
                add(stats, record.log());
            }
        }
        return stats;
    }

    private static void add(Map<String, IpStats> stats, IpLog log) {
        stats.merge(log.srcIp(), IpStats.EMPTY.plus(log), (previous, one) -> previous.plus(log));
    }

    /**
     * Waits (three minutes at most) until every instance answers every IP's count, sums and means
     * exactly as expected; 503s and refused connections on the way are allowed (rebalances, restarts).
     */
    static void awaitServed(Map<String, IpStats> expected, List<StreamsProcess> instances) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (StreamsProcess instance : instances) {
                for (Map.Entry<String, IpStats> ip : expected.entrySet()) {
                    HttpResponse<String> response = instance.get("/api/ips/" + ip.getKey() + "/stats");
                    assertThat(response).as(instance.url()).isNotNull();
                    assertThat(response.statusCode()).as(instance.url() + " " + ip.getKey() + ": " + response.body()).isEqualTo(200);
                    IpStats actual = read(response.body());
                    assertThat(actual.count()).as(ip.getKey()).isEqualTo(ip.getValue().count());
                    for (Metric metric : Metric.ALL) {
                        assertThat(actual.metric(metric).sum()).as(ip.getKey() + " " + metric).isEqualTo(ip.getValue().metric(metric).sum());
                        assertThat(actual.mean(metric)).as(ip.getKey() + " " + metric).isEqualTo(ip.getValue().mean(metric));
                    }
                }
            }
        });
    }

    private static IpStats read(String body) {
        try {
            return Json.MAPPER.readValue(body, new TypeReference<IpStats>() { });
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}

package io.ipstream.loader.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Metric;
import io.ipstream.loader.RecordSources;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final IpLogCodec CODEC = new IpLogCodec(UTC);
    private static final LocalDate START = LocalDate.of(2023, 1, 2);
    /** The documented floor of the standard deviation an anomaly is sized in. */
    private static final double MIN_ANOMALY_SIGMA = 0.25;
    /** A seed IP that goes silent for its last 14 weeks. */
    private static final String GOES_SILENT = "229.46.205.74";
    /** RFC 6890 and the IANA IPv4 special-purpose registry: addresses that are not public unicast. */
    private static final List<String> SPECIAL_PURPOSE_BLOCKS = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32");

    private static List<Template> templates;

    @BeforeAll
    static void readSeedTemplates() {
        templates = Templates.read(new RecordSources(CODEC).csv(Path.of("..", "data", "logs.csv"), null), UTC);
    }

    private static List<Generator.Generated> generate(int ips, int days, long seed, double anomalyRate) {
        return generate(GeneratorConfig.of(ips, days, START, UTC, seed, anomalyRate));
    }

    private static List<Generator.Generated> generate(GeneratorConfig config) {
        Generator generator = new Generator(config, templates, Set.of());
        List<Generator.Generated> all = new ArrayList<>();
        generator.forEachRemaining(all::add);
        return all;
    }

    private static byte[] bytes(List<Generator.Generated> generated) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        generated.forEach(g -> out.writeBytes(CODEC.toJson(g.log())));
        return out.toByteArray();
    }

    @Test
    void shouldProduceByteIdenticalOutputForTheSameSeed() {
        // when: typical records with anomalies, and copied weeks
        byte[] first = bytes(generate(20, 10, 7, 0.05));
        byte[] second = bytes(generate(20, 10, 7, 0.05));
        byte[] otherSeed = bytes(generate(20, 10, 8, 0.05));
        byte[] firstCopy = bytes(generate(20, 10, 7, 0));
        byte[] secondCopy = bytes(generate(20, 10, 7, 0));
        byte[] otherSeedCopy = bytes(generate(20, 10, 8, 0));

        // then
        assertThat(first).isEqualTo(second);
        assertThat(first).isNotEqualTo(otherSeed);
        assertThat(firstCopy).isEqualTo(secondCopy);
        assertThat(firstCopy).isNotEqualTo(otherSeedCopy);
    }

    @Test
    void shouldGiveUniquePublicAddressesDifferentFromTheTemplates() {
        // given
        Set<String> templateIps = templates.stream().map(Template::ip).collect(Collectors.toSet());

        // when
        List<GeneratedIp> ips = new Generator(GeneratorConfig.of(5000, 1, START, UTC, 3, 0), templates, templateIps).ips();

        // then: checked against the JDK's address flags and the special-purpose blocks listed here, not the generator's own list
        assertThat(ips).extracting(GeneratedIp::srcIp).doesNotHaveDuplicates().allSatisfy(ip -> {
            InetAddress address = InetAddress.getByName(ip);
            assertThat(address).as(ip).isInstanceOf(Inet4Address.class);
            assertThat(address.isSiteLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                    || address.isMulticastAddress() || address.isAnyLocalAddress()).as(ip + " flagged by InetAddress").isFalse();
            assertThat(SPECIAL_PURPOSE_BLOCKS).as(ip + " in a special-purpose block")
                    .noneMatch(block -> inBlock(address.getAddress(), block));
            assertThat(templateIps).doesNotContain(ip);
        });
    }

    @Test
    void shouldFollowTheTemplateCalendarAndKeepFrequencyEqualToAllowPlusDrop() {
        // when: one week from a Monday
        List<Generator.Generated> week = generate(3, 7, 1, 0);

        // then: weekdays 08:00-18:00 only, as in the template; 11 slots x 5 days x 3 IPs
        assertThat(week).hasSize(11 * 5 * 3);
        assertThat(week).allSatisfy(g -> {
            var at = g.log().timestamp().atZone(UTC);
            assertThat(at.getDayOfWeek().getValue()).isBetween(1, 5);
            assertThat(at.getHour()).isBetween(8, 18);
            assertThat(g.log().value(Metric.FREQUENCY)).isEqualTo(g.log().value(Metric.ALLOW) + g.log().value(Metric.DROP));
        });
    }

    @Test
    void shouldCopyEachTemplatesHourOfDayProfileAndScaleItsLevel() {
        // given: two IPs per template over the template's own length (150 weekdays)
        Generator generator = new Generator(GeneratorConfig.of(6, 210, START, UTC, 11, 0), templates, Set.of());
        Map<String, GeneratedIp> ips = generator.ips().stream().collect(Collectors.toMap(GeneratedIp::srcIp, Function.identity()));
        Map<String, List<IpLog>> logs = new HashMap<>();
        generator.forEachRemaining(g -> logs.computeIfAbsent(g.log().srcIp(), ip -> new ArrayList<>()).add(g.log()));
        Map<String, List<IpLog>> templateLogs = seedLogsByIp();

        // then
        logs.forEach((ip, generated) -> {
            GeneratedIp meta = ips.get(ip);
            Template template = templates.stream().filter(t -> t.ip().equals(meta.templateIp())).findFirst().orElseThrow();
            for (Metric metric : Metric.ALL) {
                double[] own = hourProfile(generated, metric);
                double[] reference = hourProfile(templateLogs.get(template.ip()), metric);
                assertThat(pearson(own, reference)).as(ip + " " + metric + " hour-of-day profile").isGreaterThanOrEqualTo(0.9);
                double level = generated.stream().mapToLong(l -> l.value(metric)).average().orElseThrow();
                assertThat(level / (template.mean(metric) * meta.scale())).as(ip + " " + metric + " level / scaled template level")
                        .isBetween(0.85, 1.15);
            }
        });
    }

    @Test
    void shouldLabelExactlyTheValuesItChangedBySizesInTheIpsOwnStandardDeviations() {
        // given: typical behaviour with and without anomalies, same seed
        GeneratorConfig cleanConfig = new GeneratorConfig(30, 60, START, UTC, 5, 0, GeneratorConfig.Behaviour.TYPICAL);
        GeneratorConfig anomalousConfig = GeneratorConfig.of(30, 60, START, UTC, 5, 0.02);
        assertThat(anomalousConfig.behaviour()).isEqualTo(GeneratorConfig.Behaviour.TYPICAL);
        List<Generator.Generated> clean = generate(cleanConfig);
        Generator anomalousGenerator = new Generator(anomalousConfig, templates, Set.of());
        Map<String, TypicalBehaviour> typicalByIp = new HashMap<>();
        anomalousGenerator.ips().forEach(ip -> typicalByIp.put(ip.srcIp(), TypicalBehaviour.of(template(ip.templateIp()))));
        List<Generator.Generated> anomalous = new ArrayList<>();
        anomalousGenerator.forEachRemaining(anomalous::add);
        assertThat(anomalous).hasSameSizeAs(clean);

        // when
        Set<String> labelled = new HashSet<>();
        Set<String> changed = new HashSet<>();
        for (int i = 0; i < clean.size(); i++) {
            IpLog base = clean.get(i).log();
            IpLog after = anomalous.get(i).log();
            assertThat(after.srcIp()).isEqualTo(base.srcIp());
            assertThat(after.timestampMillis()).isEqualTo(base.timestampMillis());
            for (AnomalyLabel label : anomalous.get(i).anomalies()) {
                assertThat(labelled.add(key(after, label.metric()))).as("labelled once: " + label.toCsv()).isTrue();
                double sigma = Math.max(MIN_ANOMALY_SIGMA, typicalByIp.get(after.srcIp())
                        .spread(after.timestamp().atZone(UTC).toLocalTime())[label.metric().ordinal()]);
                long was = base.value(label.metric());
                long now = after.value(label.metric());
                switch (label.kind()) {
                    case SPIKE -> assertThat(now).as(label.toCsv()).isBetween(movedAtLeast(was, 5 * sigma), movedAtMost(was, 10 * sigma));
                    case DROP -> {
                        assertThat(now).as(label.toCsv()).isZero();
                        assertThat(Math.log1p(was)).as(label.toCsv() + " room below").isGreaterThanOrEqualTo(5 * sigma);
                    }
                    case LEVEL_SHIFT -> assertThat(now).as(label.toCsv()).isNotEqualTo(was).satisfiesAnyOf(
                            v -> assertThat(v).isBetween(movedAtLeast(was, 5 * sigma), movedAtMost(was, 10 * sigma)),
                            v -> assertThat(v).isBetween(movedAtLeast(was, -10 * sigma), movedAtMost(was, -5 * sigma)));
                    default -> throw new IllegalStateException();
                }
            }
            for (Metric metric : Metric.ALL) {
                if (base.value(metric) != after.value(metric)) {
                    changed.add(key(after, metric));
                }
            }
        }

        // then: unlabelled values are the base values, every label marks a changed value, and every kind occurs
        assertThat(labelled).isEqualTo(changed);
        assertThat(anomalous.stream().flatMap(g -> g.anomalies().stream()).map(AnomalyLabel::kind).distinct())
                .containsExactlyInAnyOrder(AnomalyLabel.Kind.values());
    }

    @Test
    void shouldRejectAnomaliesOnCopiedWeeks() {
        // when / then: copied weeks hold the template's own unlabelled extremes
        assertThatThrownBy(() -> new GeneratorConfig(3, 7, START, UTC, 1, 0.02, GeneratorConfig.Behaviour.COPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--behaviour");
        assertThat(GeneratorConfig.of(3, 7, START, UTC, 1, 0).behaviour()).isEqualTo(GeneratorConfig.Behaviour.COPY);
    }

    @Test
    void shouldKeepATemplatesSilentRegimeContiguousWhenCopyingIt() {
        // given: in the seed data one IP is silent (every value zero) on whole days, one run of them
        List<IpLog> seed = seedLogsByIp().get(GOES_SILENT);
        List<Boolean> seedSilentDays = silentDays(seed);
        long silentInSeed = seedSilentDays.stream().filter(s -> s).count();
        assertThat(silentInSeed).as("silent days of " + GOES_SILENT + " in the seed data").isGreaterThan(10);
        assertThat(runs(seedSilentDays)).isEqualTo(1);

        // when: IPs copying it over the template's own length (30 weeks), each from its own first week
        Generator generator = new Generator(GeneratorConfig.of(3 * templates.size(), 210, START, UTC, 13, 0), templates, Set.of());
        List<String> copies = generator.ips().stream().filter(ip -> ip.templateIp().equals(GOES_SILENT)).map(GeneratedIp::srcIp).toList();
        Map<String, List<IpLog>> logs = new HashMap<>();
        generator.forEachRemaining(g -> logs.computeIfAbsent(g.log().srcIp(), ip -> new ArrayList<>()).add(g.log()));

        // then: each copy is silent on as many whole days, in one run, or two when it wraps around the template's end
        assertThat(copies).hasSize(3);
        for (String ip : copies) {
            List<Boolean> silent = silentDays(logs.get(ip));
            assertThat(silent).as(ip + " days").hasSameSizeAs(seedSilentDays);
            assertThat(silent.stream().filter(s -> s).count()).as(ip + " silent days").isEqualTo(silentInSeed);
            int runs = runs(silent);
            assertThat(runs).as(ip + " runs of silent days").isBetween(1, 2);
            if (runs == 2) {
                assertThat(silent.get(0) && silent.get(silent.size() - 1)).as(ip + " wraps around").isTrue();
            }
        }
    }

    private static String key(IpLog log, Metric metric) {
        return log.srcIp() + "|" + log.timestampMillis() + "|" + metric;
    }

    private static Template template(String ip) {
        return templates.stream().filter(t -> t.ip().equals(ip)).findFirst().orElseThrow();
    }

    /** The least count {@code was} can become when moved by {@code logDistance} on the log1p scale and rounded. */
    private static long movedAtLeast(long was, double logDistance) {
        return Math.max(0, (long) Math.floor(Math.expm1(Math.log1p(was) + logDistance)));
    }

    private static long movedAtMost(long was, double logDistance) {
        return Math.max(0, (long) Math.ceil(Math.expm1(Math.log1p(was) + logDistance)));
    }

    /** For each day with records, in order: whether every value of every record that day is zero. */
    private static List<Boolean> silentDays(List<IpLog> logs) {
        Map<LocalDate, Boolean> silent = new TreeMap<>();
        for (IpLog log : logs) {
            boolean zero = Metric.ALL.stream().allMatch(m -> log.value(m) == 0);
            silent.merge(log.timestamp().atZone(UTC).toLocalDate(), zero, Boolean::logicalAnd);
        }
        return new ArrayList<>(silent.values());
    }

    /** How many runs of consecutive true values. */
    private static int runs(List<Boolean> values) {
        int runs = 0;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) && (i == 0 || !values.get(i - 1))) {
                runs++;
            }
        }
        return runs;
    }

    private static Map<String, List<IpLog>> seedLogsByIp() {
        Map<String, List<IpLog>> byIp = new HashMap<>();
        RecordSources.readAll(new RecordSources(CODEC).csv(Path.of("..", "data", "logs.csv"), null))
                .forEach(r -> byIp.computeIfAbsent(r.log().srcIp(), ip -> new ArrayList<>()).add(r.log()));
        return byIp;
    }

    private static double[] hourProfile(List<IpLog> logs, Metric metric) {
        double[] sums = new double[24];
        int[] counts = new int[24];
        for (IpLog log : logs) {
            int hour = log.timestamp().atZone(UTC).getHour();
            sums[hour] += log.value(metric);
            counts[hour]++;
        }
        List<Double> profile = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            if (counts[h] > 0) {
                profile.add(sums[h] / counts[h]);
            }
        }
        return profile.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double pearson(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        double meanA = java.util.Arrays.stream(a).average().orElseThrow();
        double meanB = java.util.Arrays.stream(b).average().orElseThrow();
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - meanA) * (b[i] - meanB);
            varA += (a[i] - meanA) * (a[i] - meanA);
            varB += (b[i] - meanB) * (b[i] - meanB);
        }
        return cov / Math.sqrt(varA * varB);
    }

    /** Whether the 4-byte {@code address} lies in {@code cidr} (a.b.c.d/prefix). */
    private static boolean inBlock(byte[] address, String cidr) {
        String[] parts = cidr.split("/");
        long mask = (0xFFFFFFFFL << (32 - Integer.parseInt(parts[1]))) & 0xFFFFFFFFL;
        long base = 0;
        for (String octet : parts[0].split("\\.")) {
            base = base << 8 | Integer.parseInt(octet);
        }
        return ((ByteBuffer.wrap(address).getInt() & 0xFFFFFFFFL) & mask) == base;
    }
}

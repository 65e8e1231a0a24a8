package io.ipstream.loader.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Metric;
import io.ipstream.loader.RecordSources;
import java.io.ByteArrayOutputStream;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final IpLogCodec CODEC = new IpLogCodec(UTC);
    private static final LocalDate START = LocalDate.of(2023, 1, 2);
    private static List<Template> templates;

    @BeforeAll
    static void readSeedTemplates() {
        templates = Templates.read(new RecordSources(CODEC).csv(Path.of("..", "data", "logs.csv"), null), UTC);
    }

    private static List<Generator.Generated> generate(int ips, int days, long seed, double anomalyRate) {
        Generator generator = new Generator(new GeneratorConfig(ips, days, START, UTC, seed, anomalyRate), templates, Set.of());
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
        // when
        byte[] first = bytes(generate(20, 10, 7, 0.05));
        byte[] second = bytes(generate(20, 10, 7, 0.05));
        byte[] otherSeed = bytes(generate(20, 10, 8, 0.05));

        // then
        assertThat(first).isEqualTo(second);
        assertThat(first).isNotEqualTo(otherSeed);
    }

    @Test
    void shouldGiveUniquePublicAddressesDifferentFromTheTemplates() {
        // given
        Set<String> templateIps = templates.stream().map(Template::ip).collect(Collectors.toSet());

        // when
        List<GeneratedIp> ips = new Generator(new GeneratorConfig(5000, 1, START, UTC, 3, 0), templates, templateIps).ips();

        // then
        assertThat(ips).extracting(GeneratedIp::srcIp).doesNotHaveDuplicates().allSatisfy(ip -> {
            assertThat(PublicIpv4.isPublic(ip)).as(ip).isTrue();
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
        Generator generator = new Generator(new GeneratorConfig(6, 210, START, UTC, 11, 0), templates, Set.of());
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
    void shouldLabelExactlyTheValuesItChanged() {
        // given: the same seed with and without anomalies has the same base values
        List<Generator.Generated> clean = generate(30, 60, 5, 0);
        List<Generator.Generated> anomalous = generate(30, 60, 5, 0.02);
        assertThat(anomalous).hasSameSizeAs(clean);

        // when
        Set<String> labelled = new HashSet<>();
        Set<String> changed = new HashSet<>();
        for (int i = 0; i < clean.size(); i++) {
            IpLog base = clean.get(i).log();
            IpLog after = anomalous.get(i).log();
            for (AnomalyLabel label : anomalous.get(i).anomalies()) {
                labelled.add(key(after, label.metric()));
                long was = base.value(label.metric());
                long now = after.value(label.metric());
                switch (label.kind()) {
                    case SPIKE -> assertThat(now).as(label.toCsv()).isGreaterThanOrEqualTo(5 * Math.max(1, was) - 1);
                    case DROP -> assertThat(now).as(label.toCsv()).isZero();
                    case LEVEL_SHIFT -> assertThat(now).as(label.toCsv()).satisfiesAnyOf(
                            v -> assertThat(v).isBetween((long) Math.floor(0.1 * was), (long) Math.ceil(0.3 * was)),
                            v -> assertThat(v).isBetween((long) Math.floor(3.0 * was), (long) Math.ceil(10.0 * was)));
                    default -> throw new IllegalStateException();
                }
            }
            for (Metric metric : Metric.ALL) {
                if (base.value(metric) != after.value(metric)) {
                    changed.add(key(after, metric));
                }
            }
        }

        // then: every changed value is labelled, and there are anomalies of every kind
        assertThat(labelled).containsAll(changed);
        assertThat(anomalous.stream().flatMap(g -> g.anomalies().stream()).map(AnomalyLabel::kind).distinct())
                .containsExactlyInAnyOrder(AnomalyLabel.Kind.values());
    }

    private static String key(IpLog log, Metric metric) {
        return log.srcIp() + "|" + log.timestampMillis() + "|" + metric;
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
}

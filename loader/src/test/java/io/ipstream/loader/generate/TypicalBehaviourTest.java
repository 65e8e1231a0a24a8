package io.ipstream.loader.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Metric;
import io.ipstream.loader.RecordSources;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What an IP typically does at each time of day: learned robustly from a template, and reproduced by the generator. */
class TypicalBehaviourTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final LocalDate FIRST_DAY = LocalDate.of(2022, 1, 3);
    private static final int FIRST_HOUR = 8;
    private static final int HOURS = 11;
    private static final int DAYS = 400;
    private static final double CORRELATION = 0.5;

    /** The true median of log1p(value) at an hour: well above zero, so rounding to counts does not matter. */
    private static double median(int hour, int metric) {
        return 4 + 0.6 * metric + 0.2 * (hour - FIRST_HOUR);
    }

    /** The true standard deviation of log1p(value) at an hour. */
    private static double spread(int hour, int metric) {
        return 0.2 + 0.08 * metric + 0.04 * (hour - FIRST_HOUR);
    }

    /**
     * One IP, one record an hour for {@link #DAYS} days: log-normal with the known median and spread,
     * metrics correlated through one shared factor. Optionally an episode of 20x activity on some
     * days and a silent run of whole days (every value zero).
     */
    private static List<IpLog> logNormalLogs(SplittableRandom random, int episodeEvery, int silentDays) {
        List<IpLog> logs = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            for (int h = FIRST_HOUR; h < FIRST_HOUR + HOURS; h++) {
                double shared = random.nextGaussian();
                long[] values = new long[Metric.ALL.size()];
                for (int m = 0; m < values.length; m++) {
                    double z = Math.sqrt(CORRELATION) * shared + Math.sqrt(1 - CORRELATION) * random.nextGaussian();
                    double value = Math.expm1(median(h, m) + spread(h, m) * z);
                    boolean episode = episodeEvery > 0 && day % episodeEvery == 0;
                    boolean silent = day >= DAYS - silentDays;
                    values[m] = silent ? 0 : Math.round(value * (episode ? 20 : 1));
                }
                logs.add(new IpLog("198.51.100.7", FIRST_DAY.plusDays(day).atTime(h, 0).atZone(UTC).toInstant().toEpochMilli(), values));
            }
        }
        return logs;
    }

    @Test
    void shouldRecoverTheMedianSpreadAndCorrelationOfEachHourFromLogNormalData() {
        // given
        Template template = Template.of("198.51.100.7", logNormalLogs(new SplittableRandom(1), 0, 0), UTC);

        // when
        TypicalBehaviour typical = TypicalBehaviour.of(template);

        // then: the learned spread, and the median of many records drawn at scale 1, are the true ones
        SplittableRandom random = new SplittableRandom(2);
        for (int h = FIRST_HOUR; h < FIRST_HOUR + HOURS; h++) {
            LocalTime time = LocalTime.of(h, 0);
            double[] drawnMedians = drawnLogMedians(typical, time, 1, random);
            for (int m = 0; m < Metric.ALL.size(); m++) {
                String what = Metric.ALL.get(m) + " at " + time;
                assertThat(typical.spread(time)[m]).as(what + " spread").isBetween(0.75 * spread(h, m), 1.25 * spread(h, m));
                assertThat(drawnMedians[m]).as(what + " median").isBetween(median(h, m) - 0.3 * spread(h, m), median(h, m) + 0.3 * spread(h, m));
            }
        }
        assertThat(typical.correlation()).isBetween(CORRELATION - 0.1, CORRELATION + 0.1);
    }

    @Test
    void shouldIgnoreRareEpisodesOfHighActivityAndAShortSilentRun() {
        // given: one day in 30 at 20x, and the last 20 days silent
        List<IpLog> logs = logNormalLogs(new SplittableRandom(1), 30, 20);
        Template template = Template.of("198.51.100.7", logs, UTC);
        LocalTime noon = LocalTime.of(12, 0);
        double[] noonLogs = logs.stream().filter(l -> l.timestamp().atZone(UTC).getHour() == 12)
                .mapToDouble(l -> Math.log1p(l.value(Metric.BYTESIN))).toArray();
        assertThat(standardDeviation(noonLogs)).as("plain standard deviation of the contaminated data")
                .isGreaterThan(2 * spread(12, Metric.BYTESIN.ordinal()));

        // when
        TypicalBehaviour typical = TypicalBehaviour.of(template);

        // then: median and spread close to the clean ones
        double[] drawnMedians = drawnLogMedians(typical, noon, 1, new SplittableRandom(2));
        for (int m = 0; m < Metric.ALL.size(); m++) {
            String what = Metric.ALL.get(m) + " at noon";
            assertThat(typical.spread(noon)[m]).as(what + " spread").isBetween(0.75 * spread(12, m), 1.4 * spread(12, m));
            assertThat(drawnMedians[m]).as(what + " median").isBetween(median(12, m) - 0.3 * spread(12, m), median(12, m) + 0.3 * spread(12, m));
        }
    }

    @Test
    void shouldGiveEachIpThePerHourMediansOfItsTemplateTimesItsScale() {
        // given: the seed templates, and two typical IPs per template over 100 weeks
        List<Template> templates = Templates.read(new RecordSources(new IpLogCodec(UTC)).csv(Path.of("..", "data", "logs.csv"), null), UTC);
        Generator generator = new Generator(new GeneratorConfig(2 * templates.size(), 700, FIRST_DAY, UTC, 3, 0,
                GeneratorConfig.Behaviour.TYPICAL), templates, Set.of());
        Map<String, GeneratedIp> ips = generator.ips().stream().collect(Collectors.toMap(GeneratedIp::srcIp, Function.identity()));
        Map<String, Map<LocalTime, List<IpLog>>> generated = new HashMap<>();
        generator.forEachRemaining(g -> byTime(generated, g.log()));
        Map<String, Map<LocalTime, List<IpLog>>> seed = new HashMap<>();
        RecordSources.readAll(new RecordSources(new IpLogCodec(UTC)).csv(Path.of("..", "data", "logs.csv"), null))
                .forEach(r -> byTime(seed, r.log()));
        Map<String, TypicalBehaviour> typicalByTemplate = templates.stream()
                .collect(Collectors.toMap(Template::ip, TypicalBehaviour::of));

        // then: per IP, hour and metric, the median record is the template's median at that hour when active (log1p scale) times
        // the IP's scale, within a quarter of the template's spread there and the rounding to whole counts
        // (frequency is allow + drop, not drawn)
        assertThat(generated).hasSize(ips.size());
        generated.forEach((ip, byTime) -> {
            GeneratedIp meta = ips.get(ip);
            assertThat(byTime.keySet()).isEqualTo(seed.get(meta.templateIp()).keySet());
            byTime.forEach((time, logs) -> {
                double[] spreads = typicalByTemplate.get(meta.templateIp()).spread(time);
                for (Metric metric : Metric.ALL.stream().filter(m -> m != Metric.FREQUENCY).toList()) {
                    double templateMedian = medianOf(seed.get(meta.templateIp()).get(time).stream().filter(TypicalBehaviourTest::active)
                            .mapToDouble(l -> Math.log1p(l.value(metric))).toArray());
                    double own = medianOf(logs.stream().mapToDouble(l -> l.value(metric)).toArray());
                    double tolerance = 0.25 * spreads[metric.ordinal()];
                    assertThat(own).as(ip + " (" + meta.templateIp() + ") " + metric + " at " + time).isBetween(
                            Math.expm1(templateMedian - tolerance) * meta.scale() - 0.5,
                            Math.expm1(templateMedian + tolerance) * meta.scale() + 0.5);
                }
            });
        });
    }

    /** Not silent: at least one metric above zero. */
    private static boolean active(IpLog log) {
        return Metric.ALL.stream().anyMatch(m -> log.value(m) != 0);
    }

    /** Median over 4000 draws of log1p of each metric at {@code time}. */
    private static double[] drawnLogMedians(TypicalBehaviour typical, LocalTime time, double scale, SplittableRandom random) {
        int draws = 4000;
        double[][] logs = new double[Metric.ALL.size()][draws];
        for (int i = 0; i < draws; i++) {
            long[] values = typical.draw(time, scale, random);
            for (int m = 0; m < values.length; m++) {
                logs[m][i] = Math.log1p(values[m]);
            }
        }
        return Arrays.stream(logs).mapToDouble(TypicalBehaviourTest::medianOf).toArray();
    }

    private static void byTime(Map<String, Map<LocalTime, List<IpLog>>> into, IpLog log) {
        into.computeIfAbsent(log.srcIp(), ip -> new HashMap<>())
                .computeIfAbsent(log.timestamp().atZone(UTC).toLocalTime(), t -> new ArrayList<>()).add(log);
    }

    private static double medianOf(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double standardDeviation(double[] values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        return Math.sqrt(Arrays.stream(values).map(x -> (x - mean) * (x - mean)).sum() / (values.length - 1));
    }
}

package io.ipstream.loader.generate;

import io.ipstream.common.IpLog;
import io.ipstream.common.Metric;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Synthetic source IPs that behave like real ones. Each copies one template IP week by week, from
 * a random week of the template onwards and around again at its end: each record is the template's
 * observation at the same weekday and time of the copied week (keeping the profile, variability,
 * cross-metric correlations and regimes, such as a silent month, in order), scaled by the IP's
 * factor, with multiplicative noise. Over the template's own length every slot mean is the
 * template's. Drawing each slot's value independently from any week instead would make an IP that
 * is silent for half its weeks flicker between silent and busy hour by hour, which no real IP does.
 *
 * <p>With {@link GeneratorConfig.Behaviour#TYPICAL}, records instead follow each template's
 * {@link TypicalBehaviour} (its median and spread at each time of day), and anomalies, if asked
 * for, are injected at 5-10 of the IP's own standard deviations. Labelled data needs that base: the
 * copied weeks hold the template's own unlabelled extremes and regimes, which a detector would
 * rightly flag and the labels would count as false alarms.
 *
 * <p>{@code frequency = allow + drop} holds as in the data, until an anomaly breaks it. Records come
 * in event-time order, all IPs of one slot together, as a live feed would deliver them.
 */
public final class Generator implements Iterator<Generator.Generated> {
    /** Spread of the per-IP scale factor (log-normal, median 1). */
    private static final double SCALE_SIGMA = 0.6;
    /** Noise shared by all metrics of a record, and each metric's own. */
    private static final double SHARED_NOISE_SIGMA = 0.05;
    private static final double METRIC_NOISE_SIGMA = 0.03;
    /** An injected anomaly moves a value by this many of the IP's own standard deviations at that time of day (log1p scale). */
    private static final double MIN_ANOMALY_SIGMAS = 5;
    private static final double MAX_ANOMALY_SIGMAS = 10;
    /** The standard deviation assumed at least, so an anomaly on a nearly constant metric still shows. */
    private static final double MIN_ANOMALY_SIGMA = 0.25;
    /** A level shift lasts this many of the IP's records (one to five business days). */
    private static final int MIN_SHIFT_RECORDS = 10;
    private static final int MAX_SHIFT_RECORDS = 54;

    /** One generated record and the anomalies injected into it. */
    public record Generated(IpLog log, List<AnomalyLabel> anomalies) {
    }

    private final GeneratorConfig config;
    private final List<Source> sources = new ArrayList<>();
    private final Map<DayOfWeek, List<LocalTime>> timesByDay = new EnumMap<>(DayOfWeek.class);
    private final LocalDate firstMonday;
    private int day;
    private int time;
    private int ipIndex;
    private Generated next;

    /** The generator's view of one synthetic IP. */
    private static final class Source {
        final GeneratedIp ip;
        final Template template;
        final SplittableRandom random;
        /** Anomalies draw from their own stream, so a run with them has the same base values as one without. */
        final SplittableRandom anomalyRandom;
        /** The template week copied in the first generated week. */
        final int firstWeek;
        /**
         * Rounding error carried to the IP's next record at the same time of day, per metric: each
         * hour's sum stays within 0.5 of the unrounded one, so rounding small scaled counts neither
         * biases a mean nor blurs the hour-of-day profile.
         */
        final Map<LocalTime, double[]> carry = new HashMap<>();
        /** Set when records follow the template's typical behaviour (labelled data), null when they copy its weeks. */
        final TypicalBehaviour typical;
        int shiftRemaining;
        /** The running level shift's size, in the IP's standard deviations, signed. */
        double shiftSigmas;
        List<Metric> shiftMetrics = List.of();

        Source(GeneratedIp ip, Template template, TypicalBehaviour typical, SplittableRandom random) {
            this.ip = ip;
            this.template = template;
            this.typical = typical;
            this.random = random;
            this.anomalyRandom = random.split();
            this.firstWeek = random.nextInt(template.weekCount());
        }
    }

    /**
     * @param templates the real IPs to copy, used in turn
     * @param takenIps  addresses never to generate (the templates', those already pinned)
     */
    public Generator(GeneratorConfig config, List<Template> templates, Set<String> takenIps) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("the template data set has no records");
        }
        this.config = config;
        this.firstMonday = Template.mondayOf(config.start());
        SplittableRandom master = new SplittableRandom(config.seed());
        PublicIpv4 addresses = new PublicIpv4(master.split(), takenIps);
        Map<Template, TypicalBehaviour> typicalByTemplate = new HashMap<>();
        for (int i = 0; i < config.ips(); i++) {
            Template template = templates.get(i % templates.size());
            SplittableRandom random = master.split();
            double scale = StrictMath.exp(SCALE_SIGMA * random.nextGaussian());
            TypicalBehaviour typical = config.behaviour() == GeneratorConfig.Behaviour.TYPICAL ? typicalByTemplate.computeIfAbsent(template, TypicalBehaviour::of) : null;
            sources.add(new Source(new GeneratedIp(addresses.next(), template.ip(), scale), template, typical, random));
        }
        for (Template template : templates) {
            template.slots().forEach(slot -> timesByDay.computeIfAbsent(slot.day(), d -> new ArrayList<>()).add(slot.time()));
        }
        timesByDay.replaceAll((d, times) -> new ArrayList<>(new TreeSet<>(times)));
    }

    /** How many records a full run produces (for progress), ignoring template slots without data. */
    public long expectedRecords() {
        long slots = 0;
        for (int d = 0; d < config.days(); d++) {
            slots += timesByDay.getOrDefault(config.start().plusDays(d).getDayOfWeek(), List.of()).size();
        }
        return slots * sources.size();
    }

    /** The synthetic IPs, in generation order. */
    public List<GeneratedIp> ips() {
        return sources.stream().map(source -> source.ip).toList();
    }

    @Override
    public boolean hasNext() {
        while (next == null && day < config.days()) {
            LocalDate date = config.start().plusDays(day);
            List<LocalTime> times = timesByDay.getOrDefault(date.getDayOfWeek(), List.of());
            if (time >= times.size()) {
                day++;
                time = 0;
                continue;
            }
            if (ipIndex >= sources.size()) {
                time++;
                ipIndex = 0;
                continue;
            }
            Source source = sources.get(ipIndex++);
            Slot slot = new Slot(date.getDayOfWeek(), times.get(time));
            long[] counts = source.typical != null ? typicalRecord(source, slot) : copiedRecord(source, date, slot);
            if (counts != null) {
                counts[Metric.FREQUENCY.ordinal()] = counts[Metric.ALLOW.ordinal()] + counts[Metric.DROP.ordinal()];
                long timestamp = date.atTime(slot.time()).atZone(config.zone()).toInstant().toEpochMilli();
                List<AnomalyLabel> labels = config.anomalyRate() > 0 ? injectAnomalies(source, timestamp, slot.time(), counts) : List.of();
                next = new Generated(new IpLog(source.ip.srcIp(), timestamp, counts), labels);
            }
        }
        return next != null;
    }

    @Override
    public Generated next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Generated generated = next;
        next = null;
        return generated;
    }

    /** The template's observation at the same slot of the week being copied, scaled, with noise; null where the template has none. */
    private long[] copiedRecord(Source source, LocalDate date, Slot slot) {
        int week = (int) ((source.firstWeek + ChronoUnit.WEEKS.between(firstMonday, Template.mondayOf(date))) % source.template.weekCount());
        long[] observed = source.template.observation(week, slot);
        if (observed == null) {
            return null;
        }
        double[] carry = source.carry.computeIfAbsent(slot.time(), t -> new double[Metric.ALL.size()]);
        SplittableRandom random = source.random;
        double shared = logNormalMeanOne(random, SHARED_NOISE_SIGMA);
        long[] counts = new long[observed.length];
        for (int m = 0; m < observed.length; m++) {
            double wanted = observed[m] * source.ip.scale() * shared * logNormalMeanOne(random, METRIC_NOISE_SIGMA) + carry[m];
            counts[m] = Math.max(0, Math.round(wanted));
            carry[m] = wanted - counts[m];
        }
        return counts;
    }

    private static long[] typicalRecord(Source source, Slot slot) {
        return source.template.slots().contains(slot) && source.typical.activeAt(slot.time())
                ? source.typical.draw(slot.time(), source.ip.scale(), source.random) : null;
    }

    private List<AnomalyLabel> injectAnomalies(Source source, long timestamp, LocalTime time, long[] counts) {
        SplittableRandom random = source.anomalyRandom;
        double[] sigmas = anomalySigmas(source, time);
        List<AnomalyLabel> labels = new ArrayList<>();
        if (source.shiftRemaining > 0) {
            source.shiftRemaining--;
            source.shiftMetrics.forEach(m -> shift(source, timestamp, counts, m, source.shiftSigmas * sigmas[m.ordinal()], labels));
            return labels;
        }
        if (random.nextDouble() >= config.anomalyRate()) {
            return labels;
        }
        AnomalyLabel.Kind kind = AnomalyLabel.Kind.values()[random.nextInt(AnomalyLabel.Kind.values().length)];
        double size = MIN_ANOMALY_SIGMAS + (MAX_ANOMALY_SIGMAS - MIN_ANOMALY_SIGMAS) * random.nextDouble();
        boolean down = kind == AnomalyLabel.Kind.DROP || kind == AnomalyLabel.Kind.LEVEL_SHIFT && random.nextBoolean();
        List<Metric> metrics = pickMetrics(random, counts, down ? m -> Math.log1p(counts[m.ordinal()]) >= size * sigmas[m.ordinal()] : m -> true);
        switch (kind) {
            case SPIKE -> metrics.forEach(m -> counts[m.ordinal()] = moved(counts[m.ordinal()], size * sigmas[m.ordinal()]));
            case DROP -> metrics.forEach(m -> counts[m.ordinal()] = 0);
            case LEVEL_SHIFT -> {
                source.shiftSigmas = down ? -size : size;
                source.shiftMetrics = metrics;
                source.shiftRemaining = metrics.isEmpty() ? 0 : MIN_SHIFT_RECORDS + random.nextInt(MAX_SHIFT_RECORDS - MIN_SHIFT_RECORDS + 1);
                metrics.forEach(m -> shift(source, timestamp, counts, m, source.shiftSigmas * sigmas[m.ordinal()], labels));
                return labels;
            }
            default -> throw new IllegalStateException(kind.name());
        }
        metrics.forEach(m -> labels.add(new AnomalyLabel(source.ip.srcIp(), timestamp, m, kind)));
        return labels;
    }

    /** The IP's own standard deviation of each metric at this time of day (log1p scale), at least {@link #MIN_ANOMALY_SIGMA}. */
    private static double[] anomalySigmas(Source source, LocalTime time) {
        double[] spread = source.typical.spread(time);
        double[] sigmas = new double[spread.length];
        for (int m = 0; m < spread.length; m++) {
            sigmas[m] = Math.max(MIN_ANOMALY_SIGMA, spread[m]);
        }
        return sigmas;
    }

    /** {@code count} moved by {@code logDistance} on the log1p scale, not below zero. */
    private static long moved(long count, double logDistance) {
        return Math.max(0, Math.round(Math.expm1(Math.log1p(count) + logDistance)));
    }

    /** Moves one metric by the shift; labels it only when the value changed. */
    private static void shift(Source source, long timestamp, long[] counts, Metric metric, double logDistance, List<AnomalyLabel> labels) {
        long before = counts[metric.ordinal()];
        counts[metric.ordinal()] = moved(before, logDistance);
        if (counts[metric.ordinal()] != before) {
            labels.add(new AnomalyLabel(source.ip.srcIp(), timestamp, metric, AnomalyLabel.Kind.LEVEL_SHIFT));
        }
    }

    /** One to three distinct metrics among those that can take the anomaly (a move down must have room to show). */
    private static List<Metric> pickMetrics(SplittableRandom random, long[] counts, Predicate<Metric> eligible) {
        List<Metric> candidates = new ArrayList<>(Metric.ALL.stream().filter(eligible).toList());
        int wanted = Math.min(candidates.size(), 1 + random.nextInt(3));
        List<Metric> chosen = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            chosen.add(candidates.remove(random.nextInt(candidates.size())));
        }
        chosen.sort(Comparator.naturalOrder());
        return chosen;
    }

    private static double logNormalMeanOne(SplittableRandom random, double sigma) {
        return StrictMath.exp(sigma * random.nextGaussian() - sigma * sigma / 2);
    }
}

package io.ipstream.loader.generate;

import io.ipstream.common.IpLog;
import io.ipstream.common.Metric;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
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

/**
 * Synthetic source IPs that behave like real ones. Each copies one template IP: for every slot of
 * the template's calendar it draws one of the template's own observations in that slot (keeping
 * the profile, variability and cross-metric correlations), scales it by the IP's factor, and adds
 * multiplicative noise. Draws go through each slot's observations in a shuffled order before
 * repeating any (a shuffled deck rather than independent draws), so over the template's own
 * length every slot mean is the template's, and shorter runs stay closer to it. {@code frequency = allow + drop} holds as in the data. Records come in
 * event-time order, all IPs of one slot together, as a live feed would deliver them.
 */
public final class Generator implements Iterator<Generator.Generated> {
    /** Spread of the per-IP scale factor (log-normal, median 1). */
    private static final double SCALE_SIGMA = 0.6;
    /** Noise shared by all metrics of a record, and each metric's own. */
    private static final double SHARED_NOISE_SIGMA = 0.05;
    private static final double METRIC_NOISE_SIGMA = 0.03;

    /** One generated record and the anomalies injected into it. */
    public record Generated(IpLog log, List<AnomalyLabel> anomalies) {
    }

    private final GeneratorConfig config;
    private final List<Source> sources = new ArrayList<>();
    private final Map<DayOfWeek, List<LocalTime>> timesByDay = new EnumMap<>(DayOfWeek.class);
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
        final long deckSeed;
        /**
         * Rounding error carried to the IP's next record at the same time of day, per metric: each
         * hour's sum stays within 0.5 of the unrounded one, so rounding small scaled counts neither
         * biases a mean nor blurs the hour-of-day profile.
         */
        final Map<LocalTime, double[]> carry = new HashMap<>();
        int shiftRemaining;
        double shiftFactor;
        List<Metric> shiftMetrics = List.of();

        Source(GeneratedIp ip, Template template, SplittableRandom random) {
            this.ip = ip;
            this.template = template;
            this.random = random;
            this.anomalyRandom = random.split();
            this.deckSeed = random.nextLong();
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
        SplittableRandom master = new SplittableRandom(config.seed());
        PublicIpv4 addresses = new PublicIpv4(master.split(), takenIps);
        for (int i = 0; i < config.ips(); i++) {
            Template template = templates.get(i % templates.size());
            SplittableRandom random = master.split();
            double scale = StrictMath.exp(SCALE_SIGMA * random.nextGaussian());
            sources.add(new Source(new GeneratedIp(addresses.next(), template.ip(), scale), template, random));
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
            LocalTime at = times.get(time);
            List<long[]> observations = source.template.observations(new Slot(date.getDayOfWeek(), at));
            if (!observations.isEmpty()) {
                long[] observed = draw(source, date.getDayOfWeek().ordinal() * 86_400L + at.toSecondOfDay(), day / 7, observations);
                next = generate(source, date.atTime(at).atZone(config.zone()).toInstant().toEpochMilli(), observed,
                        source.carry.computeIfAbsent(at, t -> new double[Metric.ALL.size()]));
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

    /**
     * The {@code occurrence}-th draw from a slot: card {@code occurrence mod n} of the deck shuffled
     * for cycle {@code occurrence / n}. Derived from seeds alone, so no per-slot state is kept.
     */
    private static long[] draw(Source source, long slot, int occurrence, List<long[]> observations) {
        int n = observations.size();
        int position = occurrence % n;
        SplittableRandom deck = new SplittableRandom(source.deckSeed + 31 * (slot + 1_000_003L * (occurrence / n)));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i <= position; i++) {
            int j = i + deck.nextInt(n - i);
            int swapped = order[i];
            order[i] = order[j];
            order[j] = swapped;
        }
        return observations.get(order[position]);
    }

    private Generated generate(Source source, long timestamp, long[] observed, double[] carry) {
        SplittableRandom random = source.random;
        double shared = logNormalMeanOne(random, SHARED_NOISE_SIGMA);
        double[] values = new double[observed.length];
        for (int m = 0; m < observed.length; m++) {
            values[m] = observed[m] * source.ip.scale() * shared * logNormalMeanOne(random, METRIC_NOISE_SIGMA);
        }
        long[] counts = new long[observed.length];
        for (int m = 0; m < observed.length; m++) {
            double wanted = values[m] + carry[m];
            counts[m] = Math.max(0, Math.round(wanted));
            carry[m] = wanted - counts[m];
        }
        counts[Metric.FREQUENCY.ordinal()] = counts[Metric.ALLOW.ordinal()] + counts[Metric.DROP.ordinal()];
        List<AnomalyLabel> labels = injectAnomalies(source, timestamp, counts);
        return new Generated(new IpLog(source.ip.srcIp(), timestamp, counts), labels);
    }

    private List<AnomalyLabel> injectAnomalies(Source source, long timestamp, long[] counts) {
        SplittableRandom random = source.anomalyRandom;
        List<AnomalyLabel> labels = new ArrayList<>();
        if (source.shiftRemaining > 0) {
            source.shiftRemaining--;
            for (Metric metric : source.shiftMetrics) {
                shift(source, timestamp, counts, metric, labels);
            }
            return labels;
        }
        if (config.anomalyRate() == 0 || random.nextDouble() >= config.anomalyRate()) {
            return labels;
        }
        AnomalyLabel.Kind kind = AnomalyLabel.Kind.values()[random.nextInt(AnomalyLabel.Kind.values().length)];
        List<Metric> metrics = pickMetrics(random, kind, counts);
        switch (kind) {
            case SPIKE -> {
                double factor = 5 + 15 * random.nextDouble();
                metrics.forEach(m -> counts[m.ordinal()] = Math.round(Math.max(1, counts[m.ordinal()]) * factor));
            }
            case DROP -> metrics.forEach(m -> counts[m.ordinal()] = 0);
            case LEVEL_SHIFT -> {
                source.shiftFactor = random.nextBoolean() ? 0.1 + 0.2 * random.nextDouble() : 3 + 7 * random.nextDouble();
                source.shiftMetrics = metrics;
                source.shiftRemaining = 10 + random.nextInt(45);
                metrics.forEach(m -> shift(source, timestamp, counts, m, labels));
                return labels;
            }
            default -> throw new IllegalStateException(kind.name());
        }
        metrics.forEach(m -> labels.add(new AnomalyLabel(source.ip.srcIp(), timestamp, m, kind)));
        return labels;
    }

    /** Scales one metric by the shift's factor; labels it only when the value changed (a zero stays zero, and is no anomaly). */
    private static void shift(Source source, long timestamp, long[] counts, Metric metric, List<AnomalyLabel> labels) {
        long before = counts[metric.ordinal()];
        counts[metric.ordinal()] = Math.round(before * source.shiftFactor);
        if (counts[metric.ordinal()] != before) {
            labels.add(new AnomalyLabel(source.ip.srcIp(), timestamp, metric, AnomalyLabel.Kind.LEVEL_SHIFT));
        }
    }

    /** One to three distinct metrics; a drop only hits metrics that are not zero already, so it shows. */
    private static List<Metric> pickMetrics(SplittableRandom random, AnomalyLabel.Kind kind, long[] counts) {
        List<Metric> candidates = new ArrayList<>(Metric.ALL);
        if (kind == AnomalyLabel.Kind.DROP) {
            candidates.removeIf(m -> counts[m.ordinal()] == 0);
        }
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

    /** Rounds up with probability equal to the fraction, so small counts keep their mean. */
    private static long stochasticRound(SplittableRandom random, double value) {
        double floor = Math.floor(value);
        return (long) floor + (random.nextDouble() < value - floor ? 1 : 0);
    }
}

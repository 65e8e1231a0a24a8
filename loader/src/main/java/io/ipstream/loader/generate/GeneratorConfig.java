package io.ipstream.loader.generate;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * @param ips         how many synthetic source IPs
 * @param days        how many calendar days, from {@code start}
 * @param zone        zone of the template's calendar (its business hours)
 * @param seed        the same seed gives the same output, byte for byte
 * @param anomalyRate probability that a record starts an injected anomaly
 * @param behaviour   how records follow their template
 */
public record GeneratorConfig(int ips, int days, LocalDate start, ZoneId zone, long seed, double anomalyRate, Behaviour behaviour) {
    /** How generated records follow their template IP. */
    public enum Behaviour {
        /** The template's own weeks, in order: its extremes and regimes included. */
        COPY,
        /** The template's typical value and spread at each time of day: no extremes but the injected anomalies. */
        TYPICAL;

        /** Labelled data needs a base without unlabelled anomalies; plain data copies the template. */
        public static Behaviour defaultFor(double anomalyRate) {
            return anomalyRate > 0 ? TYPICAL : COPY;
        }
    }

    public GeneratorConfig {
        if (ips < 1 || days < 1) {
            throw new IllegalArgumentException("--ips and --days must be at least 1");
        }
        if (anomalyRate < 0 || anomalyRate > 1) {
            throw new IllegalArgumentException("--anomaly-rate must be between 0 and 1");
        }
        if (anomalyRate > 0 && behaviour != Behaviour.TYPICAL) {
            throw new IllegalArgumentException("--anomaly-rate needs --behaviour typical: copied weeks hold the template's own "
                    + "unlabelled extremes, and the labels would not be the whole truth");
        }
    }

    /** A configuration with the behaviour its anomaly rate calls for. */
    public static GeneratorConfig of(int ips, int days, LocalDate start, ZoneId zone, long seed, double anomalyRate) {
        return new GeneratorConfig(ips, days, start, zone, seed, anomalyRate, Behaviour.defaultFor(anomalyRate));
    }
}

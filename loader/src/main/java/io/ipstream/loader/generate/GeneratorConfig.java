package io.ipstream.loader.generate;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * @param ips         how many synthetic source IPs
 * @param days        how many calendar days, from {@code start}
 * @param zone        zone of the template's calendar (its business hours)
 * @param seed        the same seed gives the same output, byte for byte
 * @param anomalyRate probability that a record starts an injected anomaly
 */
public record GeneratorConfig(int ips, int days, LocalDate start, ZoneId zone, long seed, double anomalyRate) {
    public GeneratorConfig {
        if (ips < 1 || days < 1) {
            throw new IllegalArgumentException("--ips and --days must be at least 1");
        }
        if (anomalyRate < 0 || anomalyRate > 1) {
            throw new IllegalArgumentException("--anomaly-rate must be between 0 and 1");
        }
    }
}

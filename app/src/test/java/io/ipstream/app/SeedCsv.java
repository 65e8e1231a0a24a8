package io.ipstream.app;

import io.ipstream.common.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Count and metric means per IP, computed straight from a seed CSV with BigDecimal. */
record SeedCsv(Map<String, Long> counts, Map<String, Map<Metric, Double>> means) {
    static final Path LOGS_CSV = Path.of("..", "data", "logs.csv");

    static SeedCsv read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = List.of(lines.get(0).split(","));
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Map<Metric, BigDecimal>> sums = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            String ip = cells[header.indexOf("src_ip")];
            counts.merge(ip, 1L, Long::sum);
            for (Metric metric : Metric.ALL) {
                sums.computeIfAbsent(ip, k -> new TreeMap<>())
                        .merge(metric, new BigDecimal(cells[header.indexOf(metric.wireName())]), BigDecimal::add);
            }
        }
        Map<String, Map<Metric, Double>> means = new TreeMap<>();
        sums.forEach((ip, ipSums) -> {
            Map<Metric, Double> ipMeans = new TreeMap<>();
            ipSums.forEach((metric, sum) -> ipMeans.put(metric,
                    sum.divide(BigDecimal.valueOf(counts.get(ip)), MathContext.DECIMAL64).doubleValue()));
            means.put(ip, ipMeans);
        });
        return new SeedCsv(counts, means);
    }
}

package io.ipstream.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ipstream.common.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The seed data set (data/logs.csv) as test fixtures, and an independent computation of its means. */
final class SeedData {
    static final Path LOGS_CSV = Path.of("..", "data", "logs.csv");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SeedData() {
    }

    /** Every row as a map from column name to text, in file order. */
    static List<Map<String, String>> rows() {
        try {
            List<String> lines = Files.readAllLines(LOGS_CSV, StandardCharsets.UTF_8);
            String[] header = lines.get(0).split(",");
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], cells[i]);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row as the old system's JSON: every value a string. */
    static byte[] json(Map<String, String> row) {
        ObjectNode node = MAPPER.createObjectNode();
        row.forEach(node::put);
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mean of each metric per IP, computed with BigDecimal straight from the rows. */
    static Map<String, Map<Metric, Double>> means(List<Map<String, String>> rows) {
        Map<String, Map<Metric, BigDecimal>> sums = new TreeMap<>();
        Map<String, Integer> counts = counts(rows);
        for (Map<String, String> row : rows) {
            Map<Metric, BigDecimal> ipSums = sums.computeIfAbsent(row.get("src_ip"), ip -> new LinkedHashMap<>());
            for (Metric metric : Metric.ALL) {
                ipSums.merge(metric, new BigDecimal(row.get(metric.wireName())), BigDecimal::add);
            }
        }
        Map<String, Map<Metric, Double>> means = new TreeMap<>();
        sums.forEach((ip, ipSums) -> {
            Map<Metric, Double> ipMeans = new LinkedHashMap<>();
            ipSums.forEach((metric, sum) -> ipMeans.put(metric,
                    sum.divide(BigDecimal.valueOf(counts.get(ip)), MathContext.DECIMAL64).doubleValue()));
            means.put(ip, ipMeans);
        });
        return means;
    }

    static Map<String, Integer> counts(List<Map<String, String>> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        rows.forEach(row -> counts.merge(row.get("src_ip"), 1, Integer::sum));
        return counts;
    }
}

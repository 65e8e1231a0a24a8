package io.ipstream.app.demo;

import io.ipstream.common.IpStats;
import io.ipstream.common.Metric;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints per-IP count and the mean of each metric as an aligned text table. */
public final class AveragesTable {
    private AveragesTable() {
    }

    public static void print(Map<String, IpStats> statsByIp, PrintWriter out) {
        List<String> header = new ArrayList<>(List.of("src_ip", "count"));
        Metric.ALL.forEach(metric -> header.add(metric.wireName()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        statsByIp.forEach((ip, stats) -> {
            List<String> row = new ArrayList<>(List.of(ip, Long.toString(stats.count())));
            Metric.ALL.forEach(metric -> row.add(String.format(Locale.ROOT, "%.4f", stats.mean(metric))));
            rows.add(row);
        });
        int[] widths = new int[header.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(i == 0 ? String.format("%-" + widths[i] + "s", cell) : String.format("  %" + widths[i] + "s", cell));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}

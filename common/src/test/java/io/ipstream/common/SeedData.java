package io.ipstream.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The repository's seed data (data/logs.csv, example_files/*.json), read without the code under test. */
final class SeedData {
    static final Path ROOT = findRoot();

    private SeedData() {
    }

    static List<Path> exampleFiles() {
        try (Stream<Path> files = Files.list(ROOT.resolve("example_files"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of data/logs.csv as header name to cell text, split naively (the file has no quoting). */
    static List<Map<String, String>> csvRows() {
        List<String> lines = readLines(ROOT.resolve("data/logs.csv"));
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Every row of data/logs.csv as a record, built by hand (Long.parseLong, java.time) rather than by the codec. */
    static List<IpLog> ipLogs() {
        List<IpLog> logs = new ArrayList<>();
        for (Map<String, String> row : csvRows()) {
            long[] values = new long[Metric.ALL.size()];
            for (Metric metric : Metric.ALL) {
                values[metric.ordinal()] = Long.parseLong(row.get(metric.wireName()));
            }
            long millis = LocalDateTime.parse(row.get("timestamp").replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
            logs.add(new IpLog(row.get("src_ip"), millis, values));
        }
        return logs;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("data/logs.csv")) && Files.isDirectory(dir.resolve("example_files"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (data/logs.csv) above " + Path.of("").toAbsolutePath());
    }
}

package io.ipstream.app;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.forecasting.store.SeriesKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The seed CSV cut in two at an instant, as two CSV files with its header: for tests that load the
 * earlier part, do something to a running service, then load the later part. Every later record is
 * newer than every earlier one, so the later part moves each series' horizon and gives the archive
 * work to do.
 */
record SeedCsvParts(Path earlier, long earlierRecords, Path later, long laterRecords, Instant boundary) {
    /** About two thirds into the seed's time span. */
    static final Instant TWO_THIRDS = Instant.parse("2022-05-21T00:00:00Z");

    /** The seed cut at {@link #TWO_THIRDS}. */
    static SeedCsvParts atTwoThirds(Path dir) {
        return split(dir, TWO_THIRDS);
    }

    /** Writes {@code earlier.csv} (records before {@code boundary}) and {@code later.csv} (the rest) into {@code dir}. */
    static SeedCsvParts split(Path dir, Instant boundary) {
        try {
            List<String> lines = Files.readAllLines(SeedCsv.LOGS_CSV, StandardCharsets.UTF_8);
            List<String> header = List.of(lines.get(0).split(","));
            int timestamp = header.indexOf("timestamp");
            List<String> earlier = new ArrayList<>(List.of(lines.get(0)));
            List<String> later = new ArrayList<>(List.of(lines.get(0)));
            for (String line : lines.subList(1, lines.size())) {
                // The seed's timestamps are UTC without an offset.
                Instant at = LocalDateTime.parse(line.split(",")[timestamp].replace(' ', 'T')).toInstant(ZoneOffset.UTC);
                (at.isBefore(boundary) ? earlier : later).add(line);
            }
            Files.createDirectories(dir);
            Path earlierCsv = Files.write(dir.resolve("earlier.csv"), earlier, StandardCharsets.UTF_8);
            Path laterCsv = Files.write(dir.resolve("later.csv"), later, StandardCharsets.UTF_8);
            return new SeedCsvParts(earlierCsv, earlier.size() - 1, laterCsv, later.size() - 1, boundary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot split " + SeedCsv.LOGS_CSV + " into " + dir, e);
        }
    }

    /** Sends the earlier part to {@code broker} with {@code ipstream load}. */
    void loadEarlier(EmbeddedKafka broker) {
        load(broker, earlier);
    }

    /** Sends the later part to {@code broker} with {@code ipstream load}. */
    void loadLater(EmbeddedKafka broker) {
        load(broker, later);
    }

    private static void load(EmbeddedKafka broker, Path csv) {
        Pipelines.cli("load", "--bootstrap-servers", broker.bootstrapServers(), "--csv", csv.toString());
    }

    long records() {
        return earlierRecords + laterRecords;
    }

    /** The seed's series restricted to the earlier part. */
    Map<SeriesKey, Map<Long, Double>> earlierSeries() {
        return StoreFixture.seedSeries().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                series -> new TreeMap<>(((TreeMap<Long, Double>) series.getValue()).headMap(boundary.toEpochMilli()))));
    }
}

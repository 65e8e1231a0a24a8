package io.ipstream.app.load;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.ipstream.common.ConfigError;
import io.ipstream.common.InvalidRecordException;
import io.ipstream.common.IpLogCodec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads input files into validated {@link SourceRecord}s, in the order they should be sent. */
public final class RecordSources {
    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES).build();

    private final IpLogCodec codec;

    public RecordSources(IpLogCodec codec) {
        this.codec = codec;
    }

    /** A directory of JSON files, a .csv file, or a JSON / JSON Lines file. */
    public List<SourceRecord> read(Path path) {
        if (Files.isDirectory(path)) {
            return readJsonDirectory(path);
        }
        if (path.getFileName() != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return readCsv(path);
        }
        return readJsonFile(path);
    }

    /** Every {@code *.json} file of {@code dir}, each one JSON object, in numeric file-name order. */
    public List<SourceRecord> readJsonDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigError(dir + ": no such directory");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .sorted(NUMERIC_FILE_ORDER).toList();
        } catch (IOException e) {
            throw new ConfigError(dir + ": cannot list (" + e.getMessage() + ")");
        }
        List<SourceRecord> records = new ArrayList<>(files.size());
        for (Path file : files) {
            records.add(parse(file.toString(), readBytes(file)));
        }
        return records;
    }

    /** One JSON object, or JSON Lines (one object per line; blank lines skipped). */
    public List<SourceRecord> readJsonFile(Path file) {
        byte[] content = readBytes(file);
        SourceRecord whole = parse(file.toString(), content);
        if (whole.isValid() || !IpLogCodec.TRAILING_CONTENT.equals(whole.rejection())) {
            return List.of(whole);
        }
        List<SourceRecord> records = new ArrayList<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                records.add(parse(file + ":" + (i + 1), lines[i].getBytes(StandardCharsets.UTF_8)));
            }
        }
        return records;
    }

    /** A CSV file whose header row uses the wire names. */
    public List<SourceRecord> readCsv(Path file) {
        List<SourceRecord> records = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(reader)) {
            while (true) {
                long line = rows.getCurrentLocation().getLineNr();
                Map<String, String> row;
                try {
                    if (!rows.hasNextValue()) {
                        break;
                    }
                    line = rows.getCurrentLocation().getLineNr();
                    row = rows.nextValue();
                } catch (RuntimeJsonMappingException | IOException e) {
                    throw new ConfigError(file + ":" + line + ": not valid CSV (" + e.getMessage().lines().findFirst().orElse("") + ")");
                }
                String origin = file + ":" + line;
                byte[] original = String.join(",", row.values()).getBytes(StandardCharsets.UTF_8);
                try {
                    records.add(SourceRecord.valid(origin, original, codec.fromFields(row)));
                } catch (InvalidRecordException e) {
                    records.add(SourceRecord.rejected(origin, original, e.reason()));
                }
            }
        } catch (NoSuchFileException e) {
            throw new ConfigError(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigError(file + ": cannot read (" + e.getMessage() + ")");
        }
        return records;
    }

    private SourceRecord parse(String origin, byte[] content) {
        try {
            return SourceRecord.valid(origin, content, codec.parse(content));
        } catch (InvalidRecordException e) {
            return SourceRecord.rejected(origin, content, e.reason());
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigError(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** "2.json" before "10.json"; names without a leading number after numbered ones, alphabetically. */
    static final Comparator<Path> NUMERIC_FILE_ORDER = Comparator
            .comparingLong((Path p) -> leadingNumber(p.getFileName().toString()))
            .thenComparing(p -> p.getFileName().toString());

    private static long leadingNumber(String name) {
        Matcher matcher = LEADING_NUMBER.matcher(name);
        if (!matcher.find() || matcher.group(1).length() > 18) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(matcher.group(1));
    }
}

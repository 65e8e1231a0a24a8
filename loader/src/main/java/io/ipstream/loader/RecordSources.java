package io.ipstream.loader;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.ipstream.common.ConfigError;
import io.ipstream.common.InvalidRecordException;
import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.common.Metric;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Opens the loader's inputs: a directory of JSON files, a JSON or JSON Lines file, stdin, or CSV. */
public final class RecordSources {
    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");
    private static final ObjectReader CSV_ROW = new CsvMapper().readerForListOf(String.class)
            .with(CsvParser.Feature.TRIM_SPACES);

    /** "2.json" before "10.json"; names without a leading number after numbered ones, alphabetically. */
    public static final Comparator<String> NUMERIC_FILE_ORDER = Comparator
            .comparingLong(RecordSources::leadingNumber).thenComparing(Comparator.naturalOrder());

    private final IpLogCodec codec;

    public RecordSources(IpLogCodec codec) {
        this.codec = codec;
    }

    /** A directory, a .csv file, or a JSON / JSON Lines file, chosen by what the path is. */
    public RecordSource open(Path path, String resumeAfter) {
        if (Files.isDirectory(path)) {
            return directory(path, resumeAfter);
        }
        if (path.getFileName() != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return csv(path, resumeAfter);
        }
        return jsonFile(path, resumeAfter);
    }

    /** Every {@code *.json} file of {@code dir}, each one JSON object, in numeric file-name order. */
    public RecordSource directory(Path dir, String resumeAfterFile) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigError(dir + ": no such directory");
        }
        List<Path> all;
        try (Stream<Path> listing = Files.list(dir)) {
            all = listing.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), NUMERIC_FILE_ORDER)).toList();
        } catch (IOException e) {
            throw new ConfigError(dir + ": cannot list (" + e.getMessage() + ")");
        }
        List<Path> files = resumeAfterFile == null ? all : all.stream()
                .filter(p -> NUMERIC_FILE_ORDER.compare(p.getFileName().toString(), resumeAfterFile) > 0).toList();
        return new DirectorySource(dir.toAbsolutePath().toString(), files, all.size() - files.size());
    }

    /** One JSON object (possibly over several lines), or JSON Lines. */
    public RecordSource jsonFile(Path file, String resumeAfterLine) {
        if (isSingleObject(file)) {
            return new SingleObjectSource(file, resumeAfterLine);
        }
        return new JsonLinesSource(file.toAbsolutePath().toString(), file.toString(), new ByteLines(openStream(file)), size(file), resumeAfterLine);
    }

    /** JSON Lines on standard input. */
    public RecordSource stdin(InputStream in, String resumeAfterLine) {
        return new JsonLinesSource("stdin", "stdin", new ByteLines(in), -1, resumeAfterLine);
    }

    /** A CSV file whose header row uses the wire names. */
    public RecordSource csv(Path file, String resumeAfterLine) {
        ByteLines lines = new ByteLines(openStream(file));
        try {
            byte[] header = lines.next();
            if (header == null) {
                lines.close();
                throw new ConfigError(file + ": empty file, expected a header row");
            }
            List<String> columns = CSV_ROW.readValue(new String(header, StandardCharsets.UTF_8));
            List<String> missing = new ArrayList<>();
            Stream.concat(Stream.of(IpLogCodec.SRC_IP), Stream.concat(Metric.ALL.stream().map(Metric::wireName), Stream.of(IpLogCodec.TIMESTAMP)))
                    .filter(column -> !columns.contains(column)).forEach(missing::add);
            if (!missing.isEmpty()) {
                lines.close();
                throw new ConfigError(file + ":1: the header row lacks column(s) " + String.join(", ", missing)
                        + "; a CSV needs src_ip, the nine metrics and timestamp by their wire names");
            }
            return new CsvSource(file.toAbsolutePath().toString(), file.toString(), lines, size(file), resumeAfterLine, columns);
        } catch (IOException e) {
            throw new ConfigError(file + ":1: cannot read the header row (" + e.getMessage() + ")");
        }
    }

    /** All records of a source, for small inputs. */
    public static List<InputRecord> readAll(RecordSource source) {
        List<InputRecord> records = new ArrayList<>();
        try (source) {
            source.forEachRemaining(records::add);
        }
        return records;
    }

    private InputRecord parse(String source, long line, byte[] content) {
        try {
            IpLogCodec.Decoded decoded = codec.decode(content);
            byte[] wire = decoded.zoneIndependent() ? content : codec.toJson(decoded.log());
            return InputRecord.valid(source, line, content, decoded.log(), wire);
        } catch (InvalidRecordException e) {
            return InputRecord.rejected(source, line, content, e.reason());
        }
    }

    /**
     * JSON Lines when one of the first lines holds a whole object ("{...}" on one line); otherwise
     * the file is one (pretty-printed) object. A damaged first line does not turn JSON Lines into one
     * big rejected record.
     */
    private boolean isSingleObject(Path file) {
        try (BufferedReader reader = openReader(file)) {
            int examined = 0;
            for (String line; (line = reader.readLine()) != null && examined < 5; ) {
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                examined++;
                if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
                    return false;
                }
            }
            return examined > 1;
        } catch (IOException e) {
            throw new ConfigError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static BufferedReader openReader(Path file) {
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static InputStream openStream(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static ConfigError unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new ConfigError(file + ": no such file");
        }
        if (e instanceof AccessDeniedException) {
            return new ConfigError(file + ": permission denied");
        }
        return new ConfigError(file + ": cannot read (" + e.getMessage() + ")");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long leadingNumber(String name) {
        Matcher matcher = LEADING_NUMBER.matcher(name);
        if (!matcher.find() || matcher.group(1).length() > 18) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(matcher.group(1));
    }

    private static long lineMarker(String marker) {
        if (marker == null) {
            return 0;
        }
        try {
            return Long.parseLong(marker);
        } catch (NumberFormatException e) {
            throw new ConfigError("the checkpoint's position '" + marker + "' is not a line number; it belongs to another kind of input");
        }
    }

    /** A source that reads one record ahead; {@link #read()} returns null at the end. */
    private abstract static class LazySource implements RecordSource {
        private InputRecord next;
        protected long skipped;

        protected abstract InputRecord read();

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = read();
            }
            return next != null;
        }

        @Override
        public InputRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            InputRecord record = next;
            next = null;
            return record;
        }

        @Override
        public long skipped() {
            return skipped;
        }
    }

    private final class DirectorySource extends LazySource {
        private final String identity;
        private final Iterator<Path> files;
        private final int total;
        private int done;

        DirectorySource(String identity, List<Path> files, int skippedFiles) {
            this.identity = identity;
            this.files = files.iterator();
            this.total = files.size();
            this.skipped = skippedFiles;
        }

        @Override
        protected InputRecord read() {
            if (!files.hasNext()) {
                return null;
            }
            Path file = files.next();
            done++;
            return parse(file.toString(), 0, readBytes(file));
        }

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public double progress() {
            return total == 0 ? 1 : (double) done / total;
        }

        @Override
        public void close() {
        }
    }

    private final class SingleObjectSource extends LazySource {
        private final Path file;
        private boolean consumed;

        SingleObjectSource(Path file, String resumeAfterLine) {
            this.file = file;
            this.consumed = lineMarker(resumeAfterLine) >= 1;
            this.skipped = consumed ? 1 : 0;
        }

        @Override
        protected InputRecord read() {
            if (consumed) {
                return null;
            }
            consumed = true;
            return parse(file.toString(), 1, readBytes(file));
        }

        @Override
        public String identity() {
            return file.toAbsolutePath().toString();
        }

        @Override
        public double progress() {
            return consumed ? 1 : 0;
        }

        @Override
        public void close() {
        }
    }

    /** Reads lines, skipping those up to the resume line without parsing them. */
    private abstract static class LineSource extends LazySource {
        private final String identity;
        protected final String name;
        private final ByteLines lines;
        private final long totalBytes;
        private final long resumeAfter;
        protected long lineNumber;

        LineSource(String identity, String name, ByteLines lines, long totalBytes, String resumeAfterLine, long linesBefore) {
            this.identity = identity;
            this.name = name;
            this.lines = lines;
            this.totalBytes = totalBytes;
            this.resumeAfter = lineMarker(resumeAfterLine);
            this.lineNumber = linesBefore;
        }

        protected abstract InputRecord parseLine(byte[] line);

        @Override
        protected InputRecord read() {
            try {
                for (byte[] line; (line = lines.next()) != null; ) {
                    lineNumber++;
                    if (ByteLines.isBlank(line)) {
                        continue;
                    }
                    if (lineNumber <= resumeAfter) {
                        skipped++;
                        continue;
                    }
                    return parseLine(line);
                }
                return null;
            } catch (IOException e) {
                throw new ConfigError(name + ":" + lineNumber + ": cannot read (" + e.getMessage() + ")", e);
            }
        }

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public double progress() {
            return totalBytes <= 0 ? Double.NaN : Math.min(1.0, (double) lines.consumed() / totalBytes);
        }

        @Override
        public void close() {
            try {
                lines.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final class JsonLinesSource extends LineSource {
        JsonLinesSource(String identity, String name, ByteLines lines, long totalBytes, String resumeAfterLine) {
            super(identity, name, lines, totalBytes, resumeAfterLine, 0);
        }

        @Override
        protected InputRecord parseLine(byte[] line) {
            return parse(name, lineNumber, line);
        }
    }

    private final class CsvSource extends LineSource {
        private final List<String> columns;

        CsvSource(String identity, String name, ByteLines lines, long totalBytes, String resumeAfterLine, List<String> columns) {
            super(identity, name, lines, totalBytes, resumeAfterLine, 1);
            this.columns = columns;
        }

        @Override
        protected InputRecord parseLine(byte[] original) {
            try {
                List<String> cells = CSV_ROW.readValue(new String(original, StandardCharsets.UTF_8));
                if (cells.size() != columns.size()) {
                    return InputRecord.rejected(name, lineNumber, original,
                            "expected " + columns.size() + " columns as in the header, got " + cells.size());
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    row.put(columns.get(i), cells.get(i));
                }
                IpLog log = codec.fromFields(row);
                return InputRecord.valid(name, lineNumber, original, log, codec.toJson(log));
            } catch (InvalidRecordException e) {
                return InputRecord.rejected(name, lineNumber, original, e.reason());
            } catch (IOException e) {
                return InputRecord.rejected(name, lineNumber, original,
                        "malformed CSV: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }
}

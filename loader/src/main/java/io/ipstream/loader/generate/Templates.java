package io.ipstream.loader.generate;

import io.ipstream.common.ConfigError;
import io.ipstream.common.IpLog;
import io.ipstream.loader.InputRecord;
import io.ipstream.loader.RecordSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a template data set: one {@link Template} per source IP in it. */
public final class Templates {
    private Templates() {
    }

    /** Every valid record of {@code source}, grouped by IP; rejected records are an error (a template must be clean). */
    public static List<Template> read(RecordSource source, ZoneId zone) {
        Map<String, List<IpLog>> byIp = new TreeMap<>();
        try (source) {
            while (source.hasNext()) {
                InputRecord record = source.next();
                if (!record.isValid()) {
                    throw new ConfigError("template " + record.origin() + ": " + record.rejection());
                }
                byIp.computeIfAbsent(record.log().srcIp(), ip -> new ArrayList<>()).add(record.log());
            }
        }
        if (byIp.isEmpty()) {
            throw new ConfigError("template " + source.identity() + " has no records");
        }
        List<Template> templates = new ArrayList<>();
        byIp.forEach((ip, logs) -> templates.add(Template.of(ip, logs, zone)));
        return templates;
    }
}

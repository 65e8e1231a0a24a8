package io.ipstream.app.bench;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.loader.generate.Template;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What every benchmark gets: a fresh broker with the topics, a scratch directory, the templates, the sizes, the input rate of
 * the latency benchmark, Redis and PostgreSQL.
 */
public record BenchContext(EmbeddedKafka broker, Path work, List<Template> templates, int records, int ips, int rounds,
                           int clients, int rate, BenchStores stores, PrintWriter out) {

    public void say(String format, Object... args) {
        out.printf(Locale.ROOT, format + "%n", args);
        out.flush();
    }
}

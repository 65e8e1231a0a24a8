package io.ipstream.loader;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a load: on a terminal a bar redrawn in place with records/s and ETA; otherwise one
 * line every few seconds, so logs of unattended runs stay readable.
 */
public final class Progress {
    private static final long TERMINAL_INTERVAL_NANOS = 200_000_000L;
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrinted = start;
    private boolean drawn;

    public Progress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A progress display that prints nothing. */
    public static Progress silent() {
        return new Progress(null, false);
    }

    /** Called after each record; prints only when the interval has passed. */
    public void update(long records, double fraction) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrinted < (terminal ? TERMINAL_INTERVAL_NANOS : LOG_INTERVAL_NANOS)) {
            return;
        }
        lastPrinted = now;
        double seconds = (now - start) / 1e9;
        double rate = records / seconds;
        String eta = fraction > 0 && fraction < 1 ? String.format(Locale.ROOT, "ETA %s", duration(seconds * (1 - fraction) / fraction)) : "";
        if (terminal) {
            int filled = Double.isNaN(fraction) ? 0 : (int) Math.round(fraction * BAR_WIDTH);
            String bar = Double.isNaN(fraction) ? "" : "[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] ";
            out.printf(Locale.ROOT, "\r%s%,d records  %,.0f records/s  %s   ", bar, records, rate, eta);
            drawn = true;
        } else {
            out.printf(Locale.ROOT, "progress: %,d records, %,.0f records/s%s%n", records, rate,
                    Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, ", %.0f%% %s", fraction * 100, eta));
        }
        out.flush();
    }

    /** Ends the bar's line so the summary starts on a fresh one. */
    public void done() {
        if (out != null && drawn) {
            out.println();
            out.flush();
        }
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}

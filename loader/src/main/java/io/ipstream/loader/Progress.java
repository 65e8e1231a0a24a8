package io.ipstream.loader;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a load, in the {@link Mode} the caller chose: a bar redrawn in place with records/s
 * and ETA for a terminal, one line every few seconds so logs of unattended runs stay readable, or
 * nothing.
 */
public final class Progress {
    /** How progress is shown. */
    public enum Mode {
        /** One line redrawn in place (carriage return), for a terminal. */
        BAR,
        /** A line every few seconds, for logs and pipes. */
        LINES,
        /** Nothing. */
        NONE
    }

    private static final long TERMINAL_INTERVAL_NANOS = 200_000_000L;
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final Mode mode;
    private final LongSupplier nanoTime;
    private final long start;
    private long lastPrinted;
    private boolean drawn;

    public Progress(PrintWriter out, Mode mode) {
        this(out, mode, System::nanoTime);
    }

    /** With its own time source, so tests need not wait for the intervals. */
    Progress(PrintWriter out, Mode mode, LongSupplier nanoTime) {
        this.out = out;
        this.mode = mode;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.lastPrinted = start;
    }

    /** A progress display that prints nothing. */
    public static Progress silent() {
        return new Progress(null, Mode.NONE);
    }

    /** Called after each record; prints only when the interval has passed. */
    public void update(long records, double fraction) {
        if (mode == Mode.NONE) {
            return;
        }
        boolean bar = mode == Mode.BAR;
        long now = nanoTime.getAsLong();
        if (now - lastPrinted < (bar ? TERMINAL_INTERVAL_NANOS : LOG_INTERVAL_NANOS)) {
            return;
        }
        lastPrinted = now;
        double seconds = (now - start) / 1e9;
        double rate = records / seconds;
        String eta = fraction > 0 && fraction < 1 ? String.format(Locale.ROOT, "ETA %s", duration(seconds * (1 - fraction) / fraction)) : "";
        if (bar) {
            int filled = Double.isNaN(fraction) ? 0 : (int) Math.round(fraction * BAR_WIDTH);
            String drawing = Double.isNaN(fraction) ? "" : "[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] ";
            out.printf(Locale.ROOT, "\r%s%,d records  %,.0f records/s  %s   ", drawing, records, rate, eta);
            drawn = true;
        } else {
            out.printf(Locale.ROOT, "progress: %,d records, %,.0f records/s%s%n", records, rate,
                    Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, ", %.0f%% %s", fraction * 100, eta));
        }
        out.flush();
    }

    /** Ends the bar's line so the summary starts on a fresh one. */
    public void done() {
        if (drawn) {
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

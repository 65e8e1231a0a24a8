package io.ipstream.forecasting.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The day structure of a history, shared by the backtest and the trainer: where days start, the MASE scale. */
public final class Days {
    private Days() {
    }

    /** Index of each calendar day's first observation, in the calendar's zone. */
    public static List<Integer> starts(History history) {
        List<Integer> starts = new ArrayList<>();
        LocalDate previous = null;
        for (int i = 0; i < history.size(); i++) {
            LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(history.timestamps()[i]), history.calendar().zone());
            if (!day.equals(previous)) {
                starts.add(i);
                previous = day;
            }
        }
        return starts;
    }

    /**
     * The MASE scale: mean |y_t - y_{t-s}| over the observations before {@code end}, s = one day of
     * observations; 1 when that is 0 (a constant series), so errors stay finite.
     */
    public static double naiveScale(double[] y, int end, int season) {
        double sum = 0;
        for (int t = season; t < end; t++) {
            sum += Math.abs(y[t] - y[t - season]);
        }
        double scale = sum / Math.max(1, end - season);
        return scale > 0 ? scale : 1;
    }
}

package io.ipstream.forecasting.archive;

import io.ipstream.common.Metric;
import io.ipstream.forecasting.store.Point;
import io.ipstream.forecasting.store.SeriesKey;
import io.ipstream.forecasting.store.SeriesPoint;
import io.ipstream.forecasting.store.TimeSeriesStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves points older than the Redis horizon into PostgreSQL without losing or doubling one. Each
 * series keeps its last {@code horizon} of event time (counted back from its own newest point) in
 * Redis. Per batch: the points are written to PostgreSQL and committed, and only then are exactly
 * those points removed from Redis. A crash between the two leaves them in both places; the next
 * pass writes them again (a no-op in PostgreSQL) and removes them. While PostgreSQL is away the
 * pass fails before any removal.
 */
public final class Archiver {
    /** Called after a batch is committed to PostgreSQL and before it is removed from Redis. */
    @FunctionalInterface
    public interface CommitListener {
        void committed(long points, long rowsChanged);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
    /** Series whose old points are read in one pipelined round. */
    private static final int SERIES_PER_READ = 500;

    private final TimeSeriesStore store;
    private final PointArchive archive;
    private final Duration horizon;
    private final int batchPoints;
    private final CommitListener listener;

    public Archiver(TimeSeriesStore store, PointArchive archive, Duration horizon, int batchPoints, CommitListener listener) {
        if (horizon.isNegative() || batchPoints < 1) {
            throw new IllegalArgumentException("the horizon must not be negative and the batch must hold at least one point");
        }
        this.store = store;
        this.archive = archive;
        this.horizon = horizon;
        this.batchPoints = batchPoints;
        this.listener = listener;
    }

    /**
     * One pass over every series, unless another instance is archiving into the same schema (then
     * nothing, at once); throws {@link ArchiveUnavailable} when PostgreSQL fails (Redis keeps the batch).
     */
    public ArchiveRun runOnce() {
        Optional<Database.Lock> lock = archive.lockPass();
        if (lock.isEmpty()) {
            LOG.debug("Another instance is archiving; skipping this pass");
            return new ArchiveRun(0, 0, 0, 0, Duration.ZERO);
        }
        try (Database.Lock held = lock.get()) {
            return pass();
        }
    }

    private ArchiveRun pass() {
        long started = System.nanoTime();
        Totals totals = new Totals();
        Map<SeriesKey, List<Point>> batch = new LinkedHashMap<>();
        int batched = 0;
        for (Metric metric : Metric.ALL) {
            List<SeriesKey> series = store.series(metric);
            totals.series += series.size();
            for (int start = 0; start < series.size(); start += SERIES_PER_READ) {
                List<SeriesKey> group = series.subList(start, Math.min(series.size(), start + SERIES_PER_READ));
                for (Map.Entry<SeriesKey, List<Point>> old : store.olderThanNewest(group, horizon.toMillis()).entrySet()) {
                    batch.put(old.getKey(), old.getValue());
                    batched += old.getValue().size();
                    if (batched >= batchPoints) {
                        move(batch, totals);
                        batch.clear();
                        batched = 0;
                    }
                }
            }
        }
        move(batch, totals);
        ArchiveRun run = new ArchiveRun(totals.series, totals.archived, totals.changed, totals.trimmed,
                Duration.ofNanos(System.nanoTime() - started));
        if (run.pointsArchived() > 0) {
            LOG.info("Archived {} points of {} series to PostgreSQL ({} new or changed rows), removed {} from Redis, in {} ms",
                    run.pointsArchived(), run.series(), run.rowsChanged(), run.pointsTrimmed(), run.elapsed().toMillis());
        } else {
            LOG.debug("Nothing older than the {} horizon in {} series", horizon, run.series());
        }
        return run;
    }

    private void move(Map<SeriesKey, List<Point>> batch, Totals totals) {
        if (batch.isEmpty()) {
            return;
        }
        List<SeriesPoint> points = new ArrayList<>();
        batch.forEach((series, seriesPoints) -> seriesPoints.forEach(point -> points.add(new SeriesPoint(series, point))));
        long changed = archive.write(points);
        listener.committed(points.size(), changed);
        totals.archived += points.size();
        totals.changed += changed;
        totals.trimmed += store.remove(batch);
    }

    private static final class Totals {
        long series;
        long archived;
        long changed;
        long trimmed;
    }
}

package io.ipstream.common;

/** State store names, shared by the topology, the query layer and the tests. */
public final class Stores {
    /** Per-IP all-time statistics (key: src_ip). */
    public static final String ALL_TIME_STATS = "ip-all-time-stats";
    /** Identities (src_ip, timestamp) already counted, kept for the dedupe retention. */
    public static final String SEEN_RECORDS = "ip-seen-records";
    /** What each hour of the day usually holds per IP, for the streaming anomaly detector (key: src_ip|minute of day). */
    public static final String SLOT_BASELINES = "ip-slot-baselines";

    private Stores() {
    }

    /** Per-IP windowed statistics for the window with this name (e.g. "1d"). */
    public static String windowStats(String windowName) {
        return "ip-window-stats-" + windowName;
    }
}

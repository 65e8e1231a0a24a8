package io.ipstream.common;

/** State store names, shared by the topology, the query layer and the tests. */
public final class Stores {
    /** Per-IP all-time statistics (key: src_ip). */
    public static final String ALL_TIME_STATS = "ip-all-time-stats";
    /** Identities (src_ip, timestamp) already counted, kept for the dedupe retention. */
    public static final String SEEN_RECORDS = "ip-seen-records";
    /** What each hour of the day usually holds per IP, for the streaming anomaly detector (key: src_ip|minute of day). */
    public static final String SLOT_BASELINES = "ip-slot-baselines";
    /** Per-IP statistics of each pane, the time slice every window is made of (key: src_ip; window: the pane). */
    public static final String WINDOW_PANES = "ip-window-panes";
    /** Per window size, the stream time up to which its closed windows were published (key: window name). */
    public static final String WINDOW_CLOSES = "ip-window-closes";
    /**
     * Per window size, the close in progress, published a few IPs at a time (key: window name;
     * value: the stream time it closes through and the last IP published).
     */
    public static final String WINDOW_CLOSE_PROGRESS = "ip-window-close-progress";

    private Stores() {
    }
}

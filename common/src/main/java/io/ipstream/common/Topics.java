package io.ipstream.common;

import java.util.List;

/** Topic names: the one place they are spelled. Partitions and configs live in topics.yaml. */
public final class Topics {
    public static final String IP_LOGS = "ip-logs";
    public static final String IP_AVERAGES = "ip-averages";
    public static final String IP_WINDOW_AVERAGES = "ip-window-averages";
    public static final String IP_ANOMALIES = "ip-anomalies";
    public static final String IP_LOGS_DLQ = "ip-logs-dlq";

    public static final List<String> ALL =
            List.of(IP_LOGS, IP_AVERAGES, IP_WINDOW_AVERAGES, IP_ANOMALIES, IP_LOGS_DLQ);

    private Topics() {
    }
}

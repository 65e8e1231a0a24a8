package io.ipstream.topology.anomaly;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/** The store key of an IP's slot of the day: {@code <ip>|<minute of the day>} in the topology's zone. */
public final class SlotKeys {
    private SlotKeys() {
    }

    public static String of(String srcIp, long timestampMillis, ZoneId zone) {
        LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(timestampMillis), zone);
        return srcIp + "|" + (time.getHour() * 60 + time.getMinute());
    }
}

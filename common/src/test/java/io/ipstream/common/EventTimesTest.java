package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written reading of the two common timestamp forms must agree with java.time's strict parsing. */
class EventTimesTest {
    private static final DateTimeFormatter STRICT_LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    /** java.time's reading of a "yyyy-MM-dd HH:mm:ss" text in the zone, or null when it is not a valid time. */
    private static Long oracleMillis(String local, ZoneId zone) {
        try {
            return LocalDateTime.parse(local, STRICT_LOCAL).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * Random field values around and beyond their valid ranges: day 31 of short months, hour 24,
     * 29 February of 2100 and 2400, years before 1970.
     */
    private static String randomLocalText(SplittableRandom random) {
        return String.format("%04d-%02d-%02d %02d:%02d:%02d", 1900 + random.nextInt(600), random.nextInt(14),
                random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62));
    }

    @Test
    void shouldReadLocalTimesAsJavaTimeDoesInFixedAndChangingZones() {
        SplittableRandom random = new SplittableRandom(27);
        for (String zoneName : new String[] {"UTC", "+03:00", "Europe/Istanbul", "America/New_York"}) {
            // given
            ZoneId zone = ZoneId.of(zoneName);
            EventTimes eventTimes = new EventTimes(zone);
            for (int i = 0; i < 20_000; i++) {
                String text = randomLocalText(random);
                Long expected = oracleMillis(text, zone);

                // when / then
                if (expected == null || expected < 0) {
                    assertThatThrownBy(() -> eventTimes.parseMillis(text)).as(text + " in " + zone)
                            .isInstanceOf(IllegalArgumentException.class);
                } else {
                    assertThat(eventTimes.parseMillis(text)).as(text + " in " + zone).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void shouldResolveDaylightSavingGapsAndOverlapsAsJavaTimeDoes() {
        // given: New York's spring-forward gap and autumn overlap, and their edges
        ZoneId newYork = ZoneId.of("America/New_York");
        EventTimes eventTimes = new EventTimes(newYork);
        for (String text : new String[] {"2022-03-13 01:59:59", "2022-03-13 02:00:00", "2022-03-13 02:30:00", "2022-03-13 03:00:00",
                "2022-11-06 00:59:59", "2022-11-06 01:00:00", "2022-11-06 01:30:00", "2022-11-06 02:00:00"}) {
            // when / then
            assertThat(eventTimes.parseMillis(text)).as(text).isEqualTo(oracleMillis(text, newYork));
        }
    }

    @Test
    void shouldReadUtcTimesWhateverTheZoneAndOnlyFromTheGivenBytes() {
        SplittableRandom random = new SplittableRandom(28);
        EventTimes eventTimes = new EventTimes(ZoneId.of("America/New_York"));
        for (int i = 0; i < 20_000; i++) {
            // given: a UTC text inside a larger array, as it lies inside a record
            String local = randomLocalText(random);
            String utc = local.replace(' ', 'T') + "Z";
            byte[] record = ("{\"timestamp\":\"" + utc + "\"}").getBytes(StandardCharsets.US_ASCII);
            int from = "{\"timestamp\":\"".length();
            Long expected = oracleMillis(local, ZoneId.of("UTC"));

            // when
            long millis = eventTimes.commonFormMillis(record, from, from + utc.length());

            // then
            assertThat(millis).as(utc).isEqualTo(expected == null || expected < 0 ? -1 : expected);
        }
    }

    @Test
    void shouldLeaveOtherFormsToTheGeneralPath() {
        // given
        EventTimes eventTimes = new EventTimes(ZoneId.of("UTC"));
        for (String other : new String[] {"2022-01-03T10:00:00+02:00", "2022-01-03T10:00:00.250Z", "2022-01-03T10:00:00"}) {
            byte[] bytes = other.getBytes(StandardCharsets.US_ASCII);

            // when / then: not read by hand, still read by java.time
            assertThat(eventTimes.commonFormMillis(bytes, 0, bytes.length)).as(other).isEqualTo(-1);
            assertThat(eventTimes.parseMillis(other)).as(other).isPositive();
        }
    }
}

package io.ipstream.loader.generate;

import java.time.DayOfWeek;
import java.time.LocalTime;

/** A place in the weekly calendar: a weekday and a time of day at which the template has data. */
public record Slot(DayOfWeek day, LocalTime time) {
}

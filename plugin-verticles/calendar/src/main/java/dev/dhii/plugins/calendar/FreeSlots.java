package dev.dhii.plugins.calendar;

import dev.dhii.plugins.calendar.CalendarApi.Slot;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Free slots of one day, as v1 computed them: candidate slots start at the beginning of the working
 * hours and every 30 minutes after, last the requested duration, must end by the end of the working
 * hours, and are kept when no busy event overlaps them. Dates and working hours are UTC.
 */
final class FreeSlots {

  /** The step between candidate slot starts. */
  static final Duration STEP = Duration.ofMinutes(30);
  static final LocalTime DEFAULT_START = LocalTime.of(9, 0);
  static final LocalTime DEFAULT_END = LocalTime.of(17, 0);

  private FreeSlots() {
  }

  /** @return the working window {@code [start, end)} of {@code date}, in UTC */
  static Instant[] window(LocalDate date, LocalTime start, LocalTime end) {
    if (!end.isAfter(start)) {
      throw Times.invalid("/working_hours_end", "must be after working_hours_start (" + start + "): " + end);
    }
    return new Instant[] {date.atTime(start).toInstant(ZoneOffset.UTC), date.atTime(end).toInstant(ZoneOffset.UTC)};
  }

  /**
   * @param window the working window, from {@link #window}
   * @param durationMinutes the slot length
   * @param busy the events that block a slot
   * @return the free slots, in time order
   */
  static List<Slot> freeSlots(Instant[] window, int durationMinutes, List<Event> busy) {
    Duration duration = Duration.ofMinutes(durationMinutes);
    List<Slot> slots = new ArrayList<>();
    for (Instant start = window[0]; !start.plus(duration).isAfter(window[1]); start = start.plus(STEP)) {
      Instant from = start;
      Instant to = start.plus(duration);
      if (busy.stream().noneMatch(e -> e.overlaps(from, to))) {
        slots.add(new Slot(from.toString(), to.toString(), durationMinutes));
      }
    }
    return slots;
  }
}

package dev.dhii.plugins.calendar;

import dev.dhii.plugins.calendar.CalendarApi.Availability;
import dev.dhii.plugins.calendar.CalendarApi.CreateEvent;
import dev.dhii.plugins.calendar.CalendarApi.DeleteEvent;
import dev.dhii.plugins.calendar.CalendarApi.DeleteResult;
import dev.dhii.plugins.calendar.CalendarApi.EventResult;
import dev.dhii.plugins.calendar.CalendarApi.Events;
import dev.dhii.plugins.calendar.CalendarApi.FindAvailability;
import dev.dhii.plugins.calendar.CalendarApi.GetEvents;
import dev.dhii.plugins.calendar.CalendarApi.Slot;
import dev.dhii.plugins.calendar.CalendarApi.UpdateEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.dhii.plugins.calendar.CalendarApi.EVENT_NOT_FOUND;

/** The capabilities' logic: wire records in, store calls, wire records out. Blocking. */
final class CalendarHandlers {

  private final Supplier<CalendarStore> store;

  CalendarHandlers(Supplier<CalendarStore> store) {
    this.store = store;
  }

  EventResult create(CreateEvent in) {
    Instant start = Times.instant(in.start_time(), "/start_time");
    Instant end = Times.instant(in.end_time(), "/end_time");
    checkOrder(start, end);
    Event event = new Event(UUID.randomUUID().toString(), in.title(), in.description(), start, end, in.location(),
      in.attendees(), in.organizer());
    store.get().insert(event);
    return new EventResult(event.id(), true, null);
  }

  Events events(GetEvents in) {
    LocalDate from = in.start_date() == null ? null : Times.date(in.start_date(), "/start_date");
    LocalDate to = in.end_date() == null ? null : Times.date(in.end_date(), "/end_date");
    if (from != null && to != null && to.isBefore(from)) {
      throw Times.invalid("/end_date", "must not be before start_date (" + from + "): " + to);
    }
    List<CalendarApi.EventView> events = store.get()
      .overlapping(from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC),
        to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), in.organizer())
      .stream().map(Event::view).toList();
    return new Events(events, events.size());
  }

  /** Busy events are those of the attendees (as organizer or attendee), or all events if none are given. */
  Availability availability(FindAvailability in) {
    LocalDate date = Times.date(in.date(), "/date");
    LocalTime open = in.working_hours_start() == null ? FreeSlots.DEFAULT_START
      : Times.clock(in.working_hours_start(), "/working_hours_start");
    LocalTime close = in.working_hours_end() == null ? FreeSlots.DEFAULT_END
      : Times.clock(in.working_hours_end(), "/working_hours_end");
    Instant[] window = FreeSlots.window(date, open, close);
    List<String> attendees = in.attendees() == null ? List.of() : in.attendees();
    List<Event> busy = store.get().overlapping(window[0], window[1], null).stream()
      .filter(e -> attendees.isEmpty() || attendees.stream().anyMatch(e::involves))
      .toList();
    List<Slot> slots = FreeSlots.freeSlots(window, in.duration_minutes(), busy);
    return new Availability(slots, slots.size());
  }

  DeleteResult delete(DeleteEvent in) {
    return store.get().delete(in.event_id()) ? new DeleteResult(true, null) : new DeleteResult(false, EVENT_NOT_FOUND);
  }

  EventResult update(UpdateEvent in) {
    Instant newStart = in.start_time() == null ? null : Times.instant(in.start_time(), "/start_time");
    Instant newEnd = in.end_time() == null ? null : Times.instant(in.end_time(), "/end_time");
    Optional<Event> updated = store.get().update(in.event_id(), e -> {
      Event merged = new Event(e.id(), or(in.title(), e.title()), or(in.description(), e.description()),
        or(newStart, e.start()), or(newEnd, e.end()), or(in.location(), e.location()),
        or(in.attendees(), e.attendees()), e.organizer());
      checkOrder(merged.start(), merged.end());
      return merged;
    });
    return updated.isPresent() ? new EventResult(in.event_id(), true, null) : new EventResult(null, false, EVENT_NOT_FOUND);
  }

  private static void checkOrder(Instant start, Instant end) {
    if (!end.isAfter(start)) {
      throw Times.invalid("/end_time", "must be after start_time (" + start + "): " + end);
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}

package dev.dhii.plugins.calendar;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored calendar event. Times are UTC instants; on the wire they are ISO-8601 UTC strings.
 *
 * @param id the event id (a UUID)
 * @param title the title
 * @param description the description, or {@code null}
 * @param start when it starts
 * @param end when it ends (after {@code start})
 * @param location the location, or {@code null}
 * @param attendees the attendees (e-mail addresses or names), never {@code null}
 * @param organizer who organises it
 */
record Event(String id, String title, String description, Instant start, Instant end, String location,
             List<String> attendees, String organizer) {

  Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    attendees = attendees == null ? List.of() : List.copyOf(attendees);
  }

  /** @return whether this event overlaps the half-open interval {@code [from, to)} */
  boolean overlaps(Instant from, Instant to) {
    return start.isBefore(to) && end.isAfter(from);
  }

  /** @return whether {@code person} organises or attends this event */
  boolean involves(String person) {
    return person.equalsIgnoreCase(organizer) || attendees.stream().anyMatch(person::equalsIgnoreCase);
  }

  /** @return the wire form, as v1 returned it from {@code calendar.get_events} */
  CalendarApi.EventView view() {
    return new CalendarApi.EventView(id, id, title, description, start.toString(), end.toString(), location,
      attendees, organizer);
  }
}

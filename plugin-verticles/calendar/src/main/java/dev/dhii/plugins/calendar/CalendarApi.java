package dev.dhii.plugins.calendar;

import dev.dhii.api.schema.Schema;

import java.util.List;

/**
 * Inputs and outputs of the calendar capabilities. Property names and required fields are those of
 * Dhii-Mail v1 ({@code snake_case}), so that its callers need no change; the JSON Schemas are generated
 * from these records.
 */
public final class CalendarApi {

  private CalendarApi() {
  }

  /** The pattern v1 gives working hours: {@code H:MM} or {@code HH:MM}, 24-hour clock. */
  public static final String CLOCK = "^([0-1]?[0-9]|2[0-3]):[0-5][0-9]$";

  /** Input of {@code calendar.create_event}. */
  public record CreateEvent(
    String title,
    @Schema(required = false) String description,
    @Schema(format = "date-time") String start_time,
    @Schema(format = "date-time") String end_time,
    @Schema(required = false) String location,
    @Schema(required = false) List<String> attendees,
    String organizer) {
  }

  /** Input of {@code calendar.get_events}: events overlapping the (UTC) days from start to end date. */
  public record GetEvents(
    @Schema(required = false, format = "date") String start_date,
    @Schema(required = false, format = "date") String end_date,
    @Schema(required = false) String organizer) {
  }

  /** Input of {@code calendar.find_availability}; the date and working hours are in UTC. */
  public record FindAvailability(
    @Schema(format = "date") String date,
    @Schema(minimum = 15) int duration_minutes,
    @Schema(required = false) List<String> attendees,
    @Schema(required = false, pattern = CLOCK, description = "default 09:00") String working_hours_start,
    @Schema(required = false, pattern = CLOCK, description = "default 17:00") String working_hours_end) {
  }

  /** Input of {@code calendar.delete_event}. */
  public record DeleteEvent(String event_id) {
  }

  /** Input of {@code calendar.update_event}: the fields given replace the stored ones. */
  public record UpdateEvent(
    String event_id,
    @Schema(required = false) String title,
    @Schema(required = false) String description,
    @Schema(required = false, format = "date-time") String start_time,
    @Schema(required = false, format = "date-time") String end_time,
    @Schema(required = false) String location,
    @Schema(required = false) List<String> attendees) {
  }

  /**
   * Output of create and update: the event's id and {@code success}; {@code success: false} with
   * {@code error} when the event does not exist (v1's answer).
   */
  public record EventResult(
    @Schema(required = false) String event_id,
    boolean success,
    @Schema(required = false) String error) {
  }

  /** Output of delete: {@code success}, or {@code success: false} with {@code error: "Event not found"}. */
  public record DeleteResult(boolean success, @Schema(required = false) String error) {
  }

  /** One event as {@code calendar.get_events} returns it; {@code id} repeats {@code event_id}. */
  public record EventView(
    String event_id,
    String id,
    String title,
    @Schema(required = false) String description,
    @Schema(format = "date-time") String start_time,
    @Schema(format = "date-time") String end_time,
    @Schema(required = false) String location,
    List<String> attendees,
    @Schema(required = false) String organizer) {
  }

  /** Output of {@code calendar.get_events}. */
  public record Events(List<EventView> events, int count) {
  }

  /** One free slot. */
  public record Slot(
    @Schema(format = "date-time") String start_time,
    @Schema(format = "date-time") String end_time,
    int duration_minutes) {
  }

  /** Output of {@code calendar.find_availability}. */
  public record Availability(List<Slot> available_slots, int count) {
  }

  /** The error v1 answered for an unknown event id, kept for its callers. */
  static final String EVENT_NOT_FOUND = "Event not found";
}

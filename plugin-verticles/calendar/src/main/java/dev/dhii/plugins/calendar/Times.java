package dev.dhii.plugins.calendar;

import dev.dhii.api.PluginValidationException;
import dev.dhii.api.PluginValidationException.Violation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Parses the wire's dates and times; a value that does not parse is a validation error with its pointer. */
final class Times {

  private Times() {
  }

  /**
   * Parses an ISO-8601 date-time. One with an offset is taken as is; one without (as v1 callers may
   * send) is read as UTC.
   */
  static Instant instant(String value, String pointer) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException withOffset) {
      try {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw invalid(pointer, "is not an ISO-8601 date-time: " + value);
      }
    }
  }

  /** Parses an ISO-8601 calendar date ({@code 2025-03-14}). */
  static LocalDate date(String value, String pointer) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(pointer, "is not an ISO-8601 date: " + value);
    }
  }

  /** Parses a wall-clock time {@code H:MM} or {@code HH:MM}. */
  static LocalTime clock(String value, String pointer) {
    try {
      return LocalTime.parse(value.length() == 4 ? "0" + value : value);
    } catch (DateTimeParseException e) {
      throw invalid(pointer, "is not a time HH:MM: " + value);
    }
  }

  /** @return a validation error about one value */
  static PluginValidationException invalid(String pointer, String message) {
    return new PluginValidationException(pointer + " " + message, List.of(new Violation(pointer, message)));
  }
}

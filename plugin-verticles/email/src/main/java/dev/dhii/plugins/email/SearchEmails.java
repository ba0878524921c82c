package dev.dhii.plugins.email;

import dev.dhii.api.schema.Schema;

import java.util.List;

/** Input and output of {@code email.search}; property names are the v1 wire names. */
public final class SearchEmails {

  private SearchEmails() {
  }

  /**
   * @param query text the subject or the body must contain
   * @param from text the From header must contain, optional
   * @param subject text the subject must contain, optional
   * @param date_from the earliest day received, inclusive, optional
   * @param date_to the latest day received, inclusive, optional
   */
  public record Input(@Schema(description = "Text the subject or the body contains") String query,
                      @Schema(description = "Text the sender contains", required = false) String from,
                      @Schema(description = "Text the subject contains", required = false) String subject,
                      @Schema(description = "Received on or after this day", format = "date", required = false) String date_from,
                      @Schema(description = "Received on or before this day", format = "date", required = false) String date_to) {
  }

  /**
   * @param results the matching messages, newest first
   * @param count how many there are
   */
  public record Result(List<EmailSummary> results, int count) {
  }
}

package dev.dhii.plugins.email;

import dev.dhii.api.schema.Schema;

import java.util.List;

/** Input and output of {@code email.receive}; property names are the v1 wire names. */
public final class ReceiveEmails {

  /** The default of {@code limit}. */
  public static final int DEFAULT_LIMIT = 10;

  private ReceiveEmails() {
  }

  /**
   * @param folder the folder to read, default {@code INBOX}
   * @param limit how many of the newest messages to return, default 10 (at most {@link MailReader#MAX_MESSAGES})
   * @param unread_only whether to return only unread messages, default {@code false}
   */
  public record Input(@Schema(required = false, defaultValue = "\"INBOX\"") String folder,
                      @Schema(required = false, defaultValue = "10") Integer limit,
                      @Schema(required = false, defaultValue = "false") Boolean unread_only) {
  }

  /**
   * @param emails the messages, newest first
   * @param count how many there are
   */
  public record Result(List<EmailSummary> emails, int count) {
  }
}

package dev.dhii.plugins.email;

import dev.dhii.api.schema.Schema;

import java.util.List;

/**
 * Input and output of {@code email.send}. Property names are the v1 wire names (snake case), so that
 * Dhii-Mail's callers need no change.
 */
public final class SendEmail {

  private SendEmail() {
  }

  /**
   * @param to the recipients' addresses
   * @param subject the subject
   * @param body the plain-text body
   * @param html_body an HTML alternative of the body, optional
   * @param attachments files to attach, optional
   */
  @Schema(description = "A message to send")
  public record Input(@Schema(description = "Recipients' addresses") List<String> to,
                      @Schema(description = "Subject") String subject,
                      @Schema(description = "Plain-text body") String body,
                      @Schema(description = "HTML alternative of the body", required = false) String html_body,
                      @Schema(description = "Files to attach", required = false) List<Attachment> attachments) {
  }

  /**
   * @param filename the file name shown to the recipient
   * @param content_base64 the file's bytes, base64-encoded
   * @param content_type the MIME type, default {@code application/octet-stream}
   */
  public record Attachment(@Schema(description = "File name", minLength = 1) String filename,
                           @Schema(description = "Content, base64-encoded") String content_base64,
                           @Schema(description = "MIME type", required = false, defaultValue = "\"application/octet-stream\"")
                           String content_type) {
  }

  /**
   * @param success always {@code true}: failures are errors, not results
   * @param message_id the Message-ID header of the sent message
   */
  public record Result(boolean success, @Schema(description = "Message-ID of the sent message") String message_id) {
  }
}

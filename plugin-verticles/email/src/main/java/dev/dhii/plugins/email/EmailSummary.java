package dev.dhii.plugins.email;

import dev.dhii.api.schema.Schema;

import java.util.List;

/**
 * One message as {@code email.receive} and {@code email.search} return it.
 *
 * @param id the Message-ID header, or {@code uid:<n>} when the message has none
 * @param from the sender, as in the From header
 * @param to the recipients of the To header
 * @param subject the subject, empty if none
 * @param date when it was sent (or received, if the Date header is missing), ISO-8601
 * @param body the plain-text body (HTML-only messages: their text without tags)
 * @param unread whether the message is not marked seen
 */
public record EmailSummary(String id, String from, List<String> to, String subject,
                           @Schema(format = "date-time", required = false) String date,
                           String body, boolean unread) {
}

package dev.dhii.plugins.email;

import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/** Turns a fetched message into an {@link EmailSummary}. */
final class MessageSummaries {

  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern STYLE_OR_SCRIPT = Pattern.compile("(?is)<(style|script)[^>]*>.*?</\\1>");

  private MessageSummaries() {
  }

  static EmailSummary of(Message message, Folder folder) throws MessagingException {
    Address[] from = message.getFrom();
    Address[] to = message.getRecipients(Message.RecipientType.TO);
    List<String> recipients = new ArrayList<>();
    if (to != null) {
      for (Address address : to) {
        recipients.add(address.toString());
      }
    }
    Date date = message.getSentDate() != null ? message.getSentDate() : message.getReceivedDate();
    String subject = message.getSubject();
    return new EmailSummary(id(message, folder), from == null || from.length == 0 ? "" : from[0].toString(), recipients,
      subject == null ? "" : subject, date == null ? null : date.toInstant().toString(), text(message),
      !message.isSet(Flags.Flag.SEEN));
  }

  private static String id(Message message, Folder folder) throws MessagingException {
    String messageId = message instanceof MimeMessage mime ? mime.getMessageID() : null;
    if (messageId != null) {
      return messageId;
    }
    return folder instanceof UIDFolder uids ? "uid:" + uids.getUID(message) : "msg:" + message.getMessageNumber();
  }

  /** The plain-text body: the text/plain part if there is one, else the HTML part without its tags. */
  static String text(Part message) throws MessagingException {
    try {
      String plain = find(message, "text/plain");
      if (plain != null) {
        return plain;
      }
      String html = find(message, "text/html");
      return html == null ? "" : TAG.matcher(STYLE_OR_SCRIPT.matcher(html).replaceAll("")).replaceAll("").strip();
    } catch (IOException e) {
      throw new MessagingException("Cannot read the message body: " + e.getMessage(), e);
    }
  }

  private static String find(Part part, String type) throws MessagingException, IOException {
    if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
      return null;
    }
    if (part.isMimeType(type)) {
      Object content = part.getContent();
      return content instanceof String s ? s : null;
    }
    if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String found = find(multipart.getBodyPart(i), type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}

package dev.dhii.plugins.email;

import dev.dhii.api.ExecutionContext;
import dev.dhii.api.PluginValidationException;
import dev.dhii.api.PluginValidationException.Violation;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Sends messages through the configured SMTP server; blocking, run on the plugin's worker. */
final class SmtpSender {

  private static final String WHAT = "SMTP server";
  private final EmailConfig config;

  SmtpSender(EmailConfig config) {
    this.config = config;
  }

  /**
   * Validates and sends one message.
   *
   * @param in the message
   * @param ctx the call
   * @return the sent message's id
   * @throws PluginValidationException for bad addresses or attachments
   */
  SendEmail.Result send(SendEmail.Input in, ExecutionContext ctx) {
    InternetAddress[] recipients = recipients(in.to());
    Session session = MailSessions.session("smtp", config.smtp(), config.connectTimeoutMs(), config.readTimeoutMs(), ctx.remaining());
    MimeMessage message = compose(session, in, recipients);
    ctx.cancellation().throwIfCancelled();
    try (Transport transport = connect(session)) {
      ctx.cancellation().throwIfCancelled();
      transport.sendMessage(message, recipients);
      return new SendEmail.Result(true, message.getMessageID());
    } catch (SendFailedException e) {
      throw rejected(e, in.to());
    } catch (MessagingException e) {
      throw MailFailures.talking("Sending mail through " + WHAT, config.smtp(), e);
    }
  }

  /**
   * Opens a connection and logs in; failures say nothing was sent.
   *
   * @param session the session
   * @return the connected transport, to close
   */
  Transport connect(Session session) {
    EmailConfig.Server smtp = config.smtp();
    try {
      Transport transport = session.getTransport("smtp");
      transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
      return transport;
    } catch (MessagingException e) {
      throw MailFailures.connecting(WHAT, smtp, e);
    }
  }

  private static InternetAddress[] recipients(List<String> to) {
    List<Violation> violations = new ArrayList<>();
    InternetAddress[] addresses = new InternetAddress[to.size()];
    for (int i = 0; i < to.size(); i++) {
      try {
        addresses[i] = new InternetAddress(to.get(i), true);
        addresses[i].validate();
        if (addresses[i].getAddress().indexOf('@') < 1) {
          throw new AddressException("no domain");
        }
      } catch (AddressException | NullPointerException e) {
        violations.add(new Violation("/to/" + i, "not a mail address: " + to.get(i)));
      }
    }
    if (to.isEmpty()) {
      violations.add(new Violation("/to", "at least one recipient is needed"));
    }
    if (!violations.isEmpty()) {
      throw new PluginValidationException("Invalid recipients", violations);
    }
    return addresses;
  }

  private MimeMessage compose(Session session, SendEmail.Input in, InternetAddress[] recipients) {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(config.from(), true));
      message.setRecipients(MimeMessage.RecipientType.TO, recipients);
      message.setSubject(in.subject(), StandardCharsets.UTF_8.name());
      message.setSentDate(new Date());
      MimeMultipart text = new MimeMultipart("alternative");
      text.addBodyPart(textPart(in.body(), "plain"));
      if (in.html_body() != null) {
        text.addBodyPart(textPart(in.html_body(), "html"));
      }
      List<SendEmail.Attachment> attachments = in.attachments() == null ? List.of() : in.attachments();
      if (attachments.isEmpty()) {
        message.setContent(text);
      } else {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(text);
        mixed.addBodyPart(body);
        for (int i = 0; i < attachments.size(); i++) {
          mixed.addBodyPart(attachment(attachments.get(i), i));
        }
        message.setContent(mixed);
      }
      message.saveChanges();
      return message;
    } catch (MessagingException e) {
      throw new PluginValidationException("Cannot compose the message: " + MailFailures.reason(e),
        List.of(new Violation("", MailFailures.reason(e))));
    }
  }

  private static MimeBodyPart textPart(String text, String subtype) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setText(text, StandardCharsets.UTF_8.name(), subtype);
    return part;
  }

  private static MimeBodyPart attachment(SendEmail.Attachment a, int index) throws MessagingException {
    byte[] content;
    try {
      content = Base64.getMimeDecoder().decode(a.content_base64());
    } catch (IllegalArgumentException e) {
      throw new PluginValidationException("Attachment " + a.filename() + " is not valid base64",
        List.of(new Violation("/attachments/" + index + "/content_base64", "not valid base64: " + e.getMessage())));
    }
    String type = a.content_type() == null ? "application/octet-stream" : a.content_type();
    MimeBodyPart part = new MimeBodyPart();
    part.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(content, type)));
    part.setFileName(a.filename());
    part.setDisposition(MimeBodyPart.ATTACHMENT);
    return part;
  }

  /** The server refused some recipients; if it named them, the caller can fix the input. */
  private RuntimeException rejected(SendFailedException e, List<String> to) {
    Address[] invalid = e.getInvalidAddresses();
    if (invalid == null || invalid.length == 0) {
      return MailFailures.talking("Sending mail through " + WHAT, config.smtp(), e);
    }
    List<Violation> violations = new ArrayList<>();
    for (Address address : invalid) {
      String text = ((InternetAddress) address).getAddress();
      int index = to.indexOf(text);
      violations.add(new Violation(index >= 0 ? "/to/" + index : "/to", "refused by the SMTP server: " + text));
    }
    return new PluginValidationException("The SMTP server refused recipients: " + MailFailures.reason(e), violations);
  }
}

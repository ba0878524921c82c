package dev.dhii.plugins.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.dhii.api.HealthStatus;
import dev.dhii.runtime.dispatch.CallFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The email plugin in a real runtime against a real GreenMail SMTP and IMAP server. */
class EmailPluginTest {

  @TempDir
  static Path plugins;
  static GreenMail mail;
  static EmailRuntime dhii;

  @BeforeAll
  static void start() throws Exception {
    mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@localhost", "alice", "secret"));
    mail.start();
    dhii = EmailRuntime.start(plugins, EmailRuntime.configFor(mail, "alice", "secret"));
  }

  @AfterAll
  static void stop() throws Exception {
    dhii.stop();
    mail.stop();
  }

  @BeforeEach
  void emptyMailboxes() throws Exception {
    mail.purgeEmailFromAllMailboxes();
  }

  private static JsonObject message(String subject, String body) {
    return new JsonObject().put("to", new JsonArray().add("alice@localhost")).put("subject", subject).put("body", body);
  }

  private static JsonObject send(JsonObject message) throws Exception {
    int before = mail.getReceivedMessages().length;
    JsonObject result = dhii.call("email.send", message);
    assertTrue(mail.waitForIncomingEmail(5000, before + 1), "GreenMail received the message");
    return result;
  }

  @Test
  void sendDeliversSubjectRecipientsHtmlAndAttachment() throws Exception {
    byte[] pdf = "%PDF-1.4 fake".getBytes(StandardCharsets.US_ASCII);
    JsonObject result = send(message("Quarterly report", "See attached.")
      .put("to", new JsonArray().add("alice@localhost").add("bob@localhost"))
      .put("html_body", "<p>See <b>attached</b>.</p>")
      .put("attachments", new JsonArray().add(new JsonObject().put("filename", "report.pdf")
        .put("content_base64", Base64.getEncoder().encodeToString(pdf)).put("content_type", "application/pdf"))));

    assertEquals(true, result.getBoolean("success"));
    MimeMessage received = mail.getReceivedMessages()[0];
    assertEquals(received.getMessageID(), result.getString("message_id"));
    assertEquals("Quarterly report", received.getSubject());
    assertEquals(2, received.getRecipients(Message.RecipientType.TO).length);
    assertEquals("dhii@localhost", received.getFrom()[0].toString());
    Multipart mixed = (Multipart) received.getContent();
    Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
    assertTrue(alternative.getBodyPart(0).isMimeType("text/plain"));
    assertTrue(alternative.getBodyPart(1).isMimeType("text/html"));
    assertEquals("<p>See <b>attached</b>.</p>", alternative.getBodyPart(1).getContent());
    Part attachment = mixed.getBodyPart(1);
    assertEquals("report.pdf", attachment.getFileName());
    assertTrue(attachment.isMimeType("application/pdf"));
    assertArrayEquals(pdf, attachment.getInputStream().readAllBytes());
  }

  @Test
  void receiveReturnsNewestFirstAndUnreadOnlySkipsSeenMessages() throws Exception {
    send(message("first", "one"));
    send(message("second", "two"));
    markSeen("first");

    JsonObject all = dhii.call("email.receive", new JsonObject());
    assertEquals(2, all.getInteger("count"));
    JsonObject newest = all.getJsonArray("emails").getJsonObject(0);
    assertEquals("second", newest.getString("subject"));
    assertEquals("two", newest.getString("body").strip());
    assertEquals("dhii@localhost", newest.getString("from"));
    assertEquals(List.of("alice@localhost"), newest.getJsonArray("to").getList());
    assertTrue(newest.getString("id").startsWith("<"), newest.getString("id"));
    assertNotNull(java.time.Instant.parse(newest.getString("date")));
    assertTrue(newest.getBoolean("unread"));
    assertFalse(all.getJsonArray("emails").getJsonObject(1).getBoolean("unread"));

    JsonObject unread = dhii.call("email.receive", new JsonObject().put("folder", "INBOX").put("limit", 10).put("unread_only", true));
    assertEquals(1, unread.getInteger("count"));
    assertEquals("second", unread.getJsonArray("emails").getJsonObject(0).getString("subject"));
    assertEquals(1, dhii.call("email.receive", new JsonObject().put("limit", 1)).getInteger("count"));
    // reading marks nothing seen: receive is idempotent
    assertEquals(1, dhii.call("email.receive", new JsonObject().put("unread_only", true)).getInteger("count"));
  }

  @Test
  void searchMatchesSubjectOrBodyAndFiltersBySenderAndDate() throws Exception {
    send(message("Lunch on Friday", "Pizza?"));
    send(message("Invoice 42", "Your lunch invoice is attached"));
    send(message("Unrelated", "Nothing to see"));
    String today = LocalDate.now().toString();

    JsonObject lunch = dhii.call("email.search", new JsonObject().put("query", "lunch"));
    assertEquals(2, lunch.getInteger("count"));
    assertEquals("Invoice 42", lunch.getJsonArray("results").getJsonObject(0).getString("subject"));
    assertEquals(1, dhii.call("email.search", new JsonObject().put("query", "lunch").put("subject", "Invoice")).getInteger("count"));
    assertEquals(2, dhii.call("email.search", new JsonObject().put("query", "lunch").put("from", "dhii@localhost")
      .put("date_from", today).put("date_to", today)).getInteger("count"));
    assertEquals(0, dhii.call("email.search", new JsonObject().put("query", "lunch").put("from", "carol@example.com")).getInteger("count"));
    assertEquals(0, dhii.call("email.search", new JsonObject().put("query", "lunch")
      .put("date_from", LocalDate.now().plusDays(2).toString())).getInteger("count"));
  }

  @Test
  void invalidRecipientIsAValidationErrorPointingAtIt() {
    CallFailure failure = dhii.failure("email.send", message("hi", "there")
      .put("to", new JsonArray().add("alice@localhost").add("not an address")));
    assertEquals("VALIDATION", failure.error().code().name());
    assertEquals("/to/1", failure.error().details().getJsonArray("violations").getJsonObject(0).getString("pointer"));
    assertEquals(0, mail.getReceivedMessages().length);
  }

  @Test
  void missingRequiredFieldsAndUnknownFoldersAreValidationErrors() {
    assertEquals("VALIDATION", dhii.failure("email.send", new JsonObject().put("subject", "no recipients")).error().code().name());
    assertEquals("VALIDATION", dhii.failure("email.search", new JsonObject()).error().code().name());
    CallFailure folder = dhii.failure("email.receive", new JsonObject().put("folder", "NoSuchFolder"));
    assertEquals("VALIDATION", folder.error().code().name());
    assertEquals("/folder", folder.error().details().getJsonArray("violations").getJsonObject(0).getString("pointer"));
  }

  @Test
  void healthIsUpWhileBothServersAnswer() throws Exception {
    HealthStatus health = dhii.health();
    assertEquals(HealthStatus.Status.UP, health.status(), health.toString());
    assertEquals("UP", health.details().get("smtp"));
    assertEquals("UP", health.details().get("imap"));
  }

  private static void markSeen(String subject) throws Exception {
    Properties props = new Properties();
    Store store = Session.getInstance(props).getStore("imap");
    store.connect("127.0.0.1", mail.getImap().getPort(), "alice", "secret");
    try (store) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      for (Message m : inbox.getMessages()) {
        if (subject.equals(m.getSubject())) {
          m.setFlag(Flags.Flag.SEEN, true);
        }
      }
      inbox.close(false);
    }
  }
}

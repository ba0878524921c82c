package dev.dhii.plugins.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.dhii.api.HealthStatus;
import dev.dhii.runtime.dispatch.CallFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refused credentials and a server that went away, through the runtime. Ordered: the last test stops the server. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmailFailureTest {

  @TempDir
  static Path plugins;
  static GreenMail mail;
  static EmailRuntime dhii;

  @BeforeAll
  static void start() throws Exception {
    mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@localhost", "alice", "secret"));
    mail.start();
    dhii = EmailRuntime.start(plugins, EmailRuntime.configFor(mail, "alice", "wrong-password"));
  }

  @AfterAll
  static void stop() throws Exception {
    dhii.stop();
    mail.stop();
  }

  private static JsonObject message() {
    return new JsonObject().put("to", new JsonArray().add("alice@localhost")).put("subject", "hi").put("body", "there");
  }

  @Test
  @Order(1)
  void wrongMailPasswordIsAnAuthenticationErrorAndHealthSaysWhy() throws Exception {
    assertEquals("AUTHENTICATION", dhii.failure("email.send", message()).error().code().name());
    assertEquals("AUTHENTICATION", dhii.failure("email.receive", new JsonObject()).error().code().name());
    assertEquals(0, mail.getReceivedMessages().length);
    HealthStatus health = dhii.health();
    assertEquals(HealthStatus.Status.DOWN, health.status());
    assertTrue(health.message().contains("refused the credentials"), health.message());
  }

  @Test
  @Order(2)
  void stoppedServerIsANetworkErrorAndHealthDown() throws Exception {
    mail.stop();
    CallFailure send = dhii.failure("email.send", message());
    assertEquals("NETWORK", send.error().code().name());
    assertTrue(send.original() instanceof dev.dhii.api.PluginNetworkException network && network.nothingDone(),
      "a refused connection sent nothing: " + send.original());
    assertEquals("NETWORK", dhii.failure("email.search", new JsonObject().put("query", "x")).error().code().name());
    HealthStatus health = dhii.health();
    assertEquals(HealthStatus.Status.DOWN, health.status());
    assertTrue(health.message().contains("Cannot connect to SMTP server"), health.message());
    assertTrue(health.message().contains("Cannot connect to IMAP server"), health.message());
  }
}

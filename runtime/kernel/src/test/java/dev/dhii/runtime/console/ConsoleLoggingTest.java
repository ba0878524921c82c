package dev.dhii.runtime.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** logging.format and logging.accessLog, read from a stream appender on the root logger. */
class ConsoleLoggingTest {

  @RegisterExtension
  final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().manual().build();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private OutputStreamAppender<ILoggingEvent> appender;
  private Level accessLevel;

  @BeforeEach
  void capture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger - %msg%n");
    encoder.start();
    appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    Logger access = context.getLogger(AccessLog.LOGGER);
    accessLevel = access.getLevel();
    access.setLevel(Level.INFO); // the tests' logback.xml keeps WARN and above
  }

  @AfterEach
  void release() {
    LogFormat.apply(false);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    context.getLogger(AccessLog.LOGGER).setLevel(accessLevel);
    appender.stop();
  }

  private synchronized List<String> lines() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  private int get(String path, String requestId) throws Exception {
    return dhii.http().get(path).putHeader("x-request-id", requestId).send().await(10, TimeUnit.SECONDS).statusCode();
  }

  @Test
  void jsonLinesAndAnAccessLineForEachRequest() throws Exception {
    dhii.start(new JsonObject().put("logging", new JsonObject().put("format", "json").put("accessLog", true)));
    assertEquals(200, get("/v1/plugins", "req-json-1"));
    assertEquals(404, get("/nowhere", "req-json-2"));
    Await.until(() -> lines().stream().anyMatch(l -> l.contains("req-json-2")), Duration.ofSeconds(10), "the access lines");
    JsonObject line = lines().stream().filter(l -> l.contains("req-json-1")).map(JsonObject::new).findFirst().orElseThrow();
    assertEquals(AccessLog.LOGGER, line.getString("loggerName"));
    assertEquals("INFO", line.getString("level"));
    assertTrue(line.getString("formattedMessage").startsWith("GET /v1/plugins 200 "), line.encode());
    assertTrue(line.encode().contains("\"requestId\":\"req-json-1\""), line.encode());
    JsonObject missing = lines().stream().filter(l -> l.contains("req-json-2")).map(JsonObject::new).findFirst().orElseThrow();
    assertTrue(missing.getString("formattedMessage").startsWith("GET /nowhere 404 "), missing.encode());
    LoggerFactory.getLogger("dev.dhii.test").warn("one more line");
    String last = lines().get(lines().size() - 1);
    assertEquals("one more line", new JsonObject(last).getString("formattedMessage"));
  }

  @Test
  void textLinesAndNoAccessLogByDefault() throws Exception {
    LogFormat.apply(true);
    dhii.start(); // the defaults: text, no access log
    assertEquals(200, get("/v1/plugins", "req-text-1"));
    assertEquals(200, get("/health/live", "req-text-2"));
    LoggerFactory.getLogger("dev.dhii.test").warn("plain line");
    assertTrue(lines().contains("WARN dev.dhii.test - plain line"), lines().toString());
    assertFalse(lines().stream().anyMatch(l -> l.contains("req-text") || l.contains(AccessLog.LOGGER)), lines().toString());
  }

  @Test
  void badLoggingSettingsAreRefused() {
    assertEquals(LoggingOptions.defaults(), LoggingOptions.fromJson(new dev.dhii.runtime.config.RuntimeOptions().logging()));
    assertThrows(IllegalArgumentException.class, () -> LoggingOptions.fromJson(new JsonObject().put("format", "xml")));
    assertThrows(IllegalArgumentException.class, () -> LoggingOptions.fromJson(new JsonObject().put("accessLog", "yes")));
  }
}

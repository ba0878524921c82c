package dev.dhii.runtime.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default logging set up in code is conf/logback.xml's, and steps aside for any other configuration. */
class DefaultLoggingTest {

  private static final Path XML = Path.of("../../conf/logback.xml");

  @Test
  void sameAppenderLevelsAndLinesAsLogbackXml() throws Exception {
    LoggerContext fromXml = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(fromXml);
    joran.doConfigure(XML.toFile());
    LoggerContext inCode = new LoggerContext();
    DefaultLogging.apply(inCode);

    assertEquals(levels(fromXml), levels(inCode));
    ConsoleAppender<ILoggingEvent> xmlAppender = only(fromXml);
    ConsoleAppender<ILoggingEvent> codeAppender = only(inCode);
    assertEquals(xmlAppender.getName(), codeAppender.getName());
    assertEquals(xmlAppender.getTarget(), codeAppender.getTarget());
    assertEquals("System.err", codeAppender.getTarget());
    PatternLayoutEncoder xmlEncoder = assertInstanceOf(PatternLayoutEncoder.class, xmlAppender.getEncoder());
    PatternLayoutEncoder codeEncoder = assertInstanceOf(PatternLayoutEncoder.class, codeAppender.getEncoder());
    assertEquals(xmlEncoder.getPattern(), codeEncoder.getPattern());

    // the same event, traced and not, is the same line from both
    for (Map<String, String> mdc : List.of(Map.<String, String>of(), Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736"))) {
      String xmlLine = line(fromXml, xmlEncoder, mdc);
      assertEquals(xmlLine, line(inCode, codeEncoder, mdc));
      String traced = mdc.isEmpty() ? "" : " traceId=" + mdc.get("traceId");
      assertTrue(xmlLine.endsWith(" INFO  [main] d.d.r.d.Dispatcher" + traced + " - call failed\n"), xmlLine);
    }
    fromXml.stop();
    inCode.stop();
  }

  @Test
  void registeredAsALogbackConfigurator() {
    List<Class<?>> found = new ArrayList<>();
    ServiceLoader.load(Configurator.class, DefaultLogging.class.getClassLoader())
      .forEach(c -> found.add(c.getClass()));
    assertTrue(found.contains(DefaultLogging.class), found.toString());
  }

  @Test
  void appliesOnlyWhenTheRuntimesOwnLogbackXmlIsTheOneFound() throws Exception {
    URL self = new URL("jar:file:/opt/dhii/runtime/kernel/target/dhii-runtime.jar!/dev/dhii/runtime/console/DefaultLogging.class");
    URL own = new URL("jar:file:/opt/dhii/runtime/kernel/target/dhii-runtime.jar!/logback.xml");
    URL other = new URL("jar:file:/opt/app/lib/app.jar!/logback.xml");
    URL testXml = new URL("file:/opt/app/test-classes/logback-test.xml");
    assertTrue(DefaultLogging.applies(null, null, own, self));
    assertFalse(DefaultLogging.applies("/etc/dhii/logback.xml", null, own, self));
    assertFalse(DefaultLogging.applies(null, testXml, own, self));
    assertFalse(DefaultLogging.applies(null, null, other, self));
    assertFalse(DefaultLogging.applies(null, null, null, self));
    // classes from a directory (an IDE or Maven's target/classes)
    assertTrue(DefaultLogging.applies(null, null, new URL("file:/src/runtime/kernel/target/classes/logback.xml"),
      new URL("file:/src/runtime/kernel/target/classes/dev/dhii/runtime/console/DefaultLogging.class")));
    // this suite's class path has its logback-test.xml: logback reads it
    ClassLoader loader = DefaultLogging.class.getClassLoader();
    assertFalse(DefaultLogging.applies(System.getProperty("logback.configurationFile"),
      loader.getResource("logback-test.xml"), loader.getResource("logback.xml"),
      DefaultLogging.class.getResource("DefaultLogging.class")));
    assertTrue(DefaultLogging.applies(null, null, loader.getResource("logback.xml"),
      DefaultLogging.class.getResource("DefaultLogging.class")), "target/classes holds conf/logback.xml");
  }

  /** Every logger with a level set, by name. */
  private static Map<String, Level> levels(LoggerContext context) {
    Map<String, Level> levels = new TreeMap<>();
    for (Logger logger : context.getLoggerList()) {
      if (logger.getLevel() != null) {
        levels.put(logger.getName(), logger.getLevel());
      }
    }
    return levels;
  }

  @SuppressWarnings("unchecked")
  private static ConsoleAppender<ILoggingEvent> only(LoggerContext context) {
    List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
    context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appenders::add);
    assertEquals(1, appenders.size(), appenders.toString());
    return (ConsoleAppender<ILoggingEvent>) assertInstanceOf(ConsoleAppender.class, appenders.get(0));
  }

  private static String line(LoggerContext context, PatternLayoutEncoder encoder, Map<String, String> mdc) {
    Logger logger = context.getLogger("dev.dhii.runtime.dispatch.Dispatcher");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "call failed", null, null);
    event.setThreadName("main");
    event.setTimeStamp(1_700_000_000_000L);
    event.setMDCPropertyMap(mdc);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }
}

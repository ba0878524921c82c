package dev.dhii.runtime.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.net.URL;
import java.util.Map;

/**
 * The runtime's default logging, set up in code: the same appender, pattern and levels as conf/logback.xml
 * (a test holds the two equal), without parsing XML at every start. It steps aside, and logback reads its XML
 * as usual, when {@code -Dlogback.configurationFile} names a file, when a {@code logback-test.xml} is on the
 * class path, or when the {@code logback.xml} found first is not the runtime's own (an application that embeds
 * the runtime keeps its logging).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class DefaultLogging extends ContextAwareBase implements Configurator {

  /** conf/logback.xml's pattern: a failed call's line carries its trace id when it is traced. */
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24}%replace( traceId=%X{traceId})"
    + "{' traceId=$', ''} - %msg%n";

  /** conf/logback.xml's loggers and their levels, the root's included. */
  static final Map<String, Level> LEVELS = Map.of(
    "io.netty", Level.WARN,
    "com.hazelcast", Level.WARN,
    // Vert.x asks for Hazelcast's CP subsystem at start; the runtime uses no CP structure
    "com.hazelcast.cp.CPSubsystem", Level.ERROR,
    // without add-opens flags Hazelcast only misses some OS metrics
    "com.hazelcast.instance.impl.HazelcastInstanceFactory", Level.ERROR,
    "dev.dhii.runtime.dispatch.Dispatcher", Level.INFO,
    org.slf4j.Logger.ROOT_LOGGER_NAME, Level.INFO);

  /** For the service loader. */
  public DefaultLogging() {
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = DefaultLogging.class.getClassLoader();
    if (!applies(System.getProperty("logback.configurationFile"), loader.getResource("logback-test.xml"),
        loader.getResource("logback.xml"), DefaultLogging.class.getResource("DefaultLogging.class"))) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * @param configurationFile {@code -Dlogback.configurationFile}, or null
   * @param testXml the class path's {@code logback-test.xml}, or null
   * @param xml the class path's first {@code logback.xml}, or null
   * @param self where this class was loaded from
   * @return whether the runtime's own logback.xml is the one logback would read
   */
  static boolean applies(String configurationFile, URL testXml, URL xml, URL self) {
    if (configurationFile != null || testXml != null || xml == null || self == null) {
      return false;
    }
    String own = self.toString();
    String suffix = DefaultLogging.class.getName().replace('.', '/') + ".class";
    return own.endsWith(suffix)
      && xml.toString().equals(own.substring(0, own.length() - suffix.length()) + "logback.xml");
  }

  /**
   * Sets conf/logback.xml's appender and levels on a context.
   *
   * @param context a context with no appender yet
   */
  static void apply(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("STDOUT");
    // stderr: what a command prints on stdout (a token, a result) is only that
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }
}

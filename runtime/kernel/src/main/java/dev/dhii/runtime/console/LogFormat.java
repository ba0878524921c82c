package dev.dhii.runtime.console;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Switches the process's log lines between logback.xml's pattern and JSON: every appender of the root logger
 * that writes to a stream gets logback's {@link JsonEncoder} (one object a line: timestamp, level, threadName,
 * loggerName, mdc, kvpList, formattedMessage, throwable), and gets its own encoder back when switched to text. The
 * format is the process's: the last runtime started sets it. Does nothing when logback is not the SLF4J
 * binding.
 */
public final class LogFormat {

  /** The encoders that JSON replaced, by appender. */
  private static final Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> REPLACED = new IdentityHashMap<>();

  private LogFormat() {
  }

  /**
   * @param json whether lines are JSON from now on
   */
  public static synchronized void apply(boolean json) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    if (json) {
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender && !REPLACED.containsKey(appender)) {
          JsonEncoder encoder = new JsonEncoder();
          encoder.setContext(context);
          encoder.setWithSequenceNumber(false);
          encoder.setWithNanoseconds(false);
          encoder.setWithContext(false);
          encoder.setWithArguments(false);
          encoder.setWithMessage(false);
          encoder.setWithFormattedMessage(true);
          encoder.start();
          REPLACED.put(appender, swap(appender, encoder));
        }
      }
    } else {
      REPLACED.forEach(LogFormat::swap);
      REPLACED.clear();
    }
  }

  private static Encoder<ILoggingEvent> swap(OutputStreamAppender<ILoggingEvent> appender, Encoder<ILoggingEvent> encoder) {
    Encoder<ILoggingEvent> before = appender.getEncoder();
    // the appender writes with its encoder under its own lock; setEncoder is read on the next event
    appender.setEncoder(encoder);
    return before;
  }
}

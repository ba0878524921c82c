package dev.dhii.runtime.console;

import io.vertx.core.json.JsonObject;

/**
 * The {@code logging} block of the configuration: the log line format of the whole process and the HTTP
 * access log.
 *
 * @param format {@value #TEXT} (the pattern of logback.xml) or {@value #JSON} (one JSON object a line,
 *               logback's own JSON encoder)
 * @param accessLog whether every HTTP request is logged once it is answered (logger {@value AccessLog#LOGGER})
 */
public record LoggingOptions(String format, boolean accessLog) {

  /** Lines as logback.xml's pattern writes them. */
  public static final String TEXT = "text";
  /** One JSON object a line. */
  public static final String JSON = "json";
  /** The default format. */
  public static final String DEFAULT_FORMAT = TEXT;
  /** Whether the access log is on by default. */
  public static final boolean DEFAULT_ACCESS_LOG = false;

  /** @throws IllegalArgumentException for a format other than text or json */
  public LoggingOptions {
    if (!TEXT.equals(format) && !JSON.equals(format)) {
      throw new IllegalArgumentException("logging.format must be \"text\" or \"json\", not \"" + format + "\"");
    }
  }

  /** @return the defaults */
  public static LoggingOptions defaults() {
    return new LoggingOptions(DEFAULT_FORMAT, DEFAULT_ACCESS_LOG);
  }

  /**
   * @param json the {@code logging} block ({@code format}, {@code accessLog}), or null
   * @return the options, defaults for what is absent
   * @throws IllegalArgumentException for a value of the wrong type or an unknown format
   */
  public static LoggingOptions fromJson(JsonObject json) {
    if (json == null) {
      return defaults();
    }
    Object format = json.getValue("format", DEFAULT_FORMAT);
    Object accessLog = json.getValue("accessLog", DEFAULT_ACCESS_LOG);
    if (!(format instanceof String f)) {
      throw new IllegalArgumentException("logging.format must be a string: \"text\" or \"json\"");
    }
    if (!(accessLog instanceof Boolean a)) {
      throw new IllegalArgumentException("logging.accessLog must be true or false");
    }
    return new LoggingOptions(f, a);
  }

  /** @return whether lines are JSON */
  public boolean json() {
    return JSON.equals(format);
  }
}

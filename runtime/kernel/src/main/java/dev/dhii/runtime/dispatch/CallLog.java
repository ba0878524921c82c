package dev.dhii.runtime.dispatch;

import dev.dhii.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one log line of a failed call, with its request id and plugin id, and the request and trace ids in
 * the MDC ({@code requestId}, {@code traceId}): plugin-side failures at WARN (ERROR with the stack for a
 * bug), caller errors at INFO.
 */
final class CallLog {

  /** The logger's name stays the dispatcher's, as configured and documented. */
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private CallLog() {
  }

  /** @param failure the failed call @param traceId its trace, or null */
  static void failed(CallFailure failure, String traceId) {
    ErrorCode code = failure.error().code();
    if (code.httpStatus() < 500 && !LOG.isInfoEnabled()) {
      return;
    }
    String previousRequestId = MDC.get("requestId");
    String previousTraceId = MDC.get("traceId");
    putMdc("requestId", failure.requestId());
    putMdc("traceId", traceId);
    try {
      if (code.httpStatus() >= 500) {
        Throwable original = failure.original();
        boolean bug = code == ErrorCode.INTERNAL && original != null && !(original instanceof dev.dhii.api.PluginException);
        String line = "call failed requestId={} pluginId={} capabilityId={} code={} attempts={}: {}";
        if (bug) {
          LOG.error(line, failure.requestId(), failure.pluginId(), failure.capabilityId(), code, failure.attempts(),
            failure.error().message(), original);
        } else {
          LOG.warn(line, failure.requestId(), failure.pluginId(), failure.capabilityId(), code, failure.attempts(),
            failure.error().message());
        }
      } else {
        LOG.info("call rejected requestId={} pluginId={} capabilityId={} code={}: {}", failure.requestId(),
          failure.pluginId(), failure.capabilityId(), code, failure.error().message());
      }
    } finally {
      putMdc("requestId", previousRequestId);
      putMdc("traceId", previousTraceId);
    }
  }

  /** Sets an MDC entry, or removes it for null. */
  private static void putMdc(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}

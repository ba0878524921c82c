package dev.dhii.runtime.dispatch;

/**
 * Watches every call the {@link Dispatcher} runs: the seam where tracing, metrics and the per-call log
 * line attach (the specification's InstrumentedPlugin). Implementations must be thread-safe and cheap.
 */
public interface CallObserver {

  /** An observer that does nothing. */
  CallObserver NONE = (capabilityId, pluginId, requestId) -> Observation.NONE;

  /**
   * A call was admitted to a plugin (after authentication, rate limit and input validation).
   *
   * @param capabilityId the capability
   * @param pluginId the plugin serving it
   * @param requestId the request id
   * @return the observation, ended once with the outcome
   */
  Observation started(String capabilityId, String pluginId, String requestId);

  /**
   * A call was admitted whose caller's trace context came with the request rather than on the Vert.x
   * context (a plugin calling another capability).
   *
   * @param capabilityId the capability
   * @param pluginId the plugin serving it
   * @param requestId the request id
   * @param parent the caller's W3C trace context headers, possibly empty
   * @return the observation, ended once with the outcome
   */
  default Observation started(String capabilityId, String pluginId, String requestId, java.util.Map<String, String> parent) {
    return started(capabilityId, pluginId, requestId);
  }

  /** One call being observed. */
  interface Observation {

    /** An observation that does nothing. */
    Observation NONE = new Observation() {
      @Override
      public void succeeded(int attempts) {
      }

      @Override
      public void failed(CallFailure failure, Throwable cause) {
      }
    };

    /** @param attempts attempts made */
    void succeeded(int attempts);

    /**
     * A v1 result broke its output schema and was passed on anyway (counted, and noted on the span).
     *
     * @param violation the first violation, as {@code pointer message}
     */
    default void outputSchemaViolated(String violation) {
    }

    /** @return the call's own W3C trace context headers, handed to the plugin; empty when not traced */
    default java.util.Map<String, String> traceContext() {
      return java.util.Map.of();
    }

    /**
     * @param failure the failure as the caller sees it (code, attempts)
     * @param cause the original throwable, for the span's exception event
     */
    void failed(CallFailure failure, Throwable cause);

    /** @return the id of the call's trace, for its log lines, or null when it is not traced */
    default String traceId() {
      return null;
    }
  }
}

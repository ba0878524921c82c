package dev.dhii.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The context of one capability call: who asked, under which request id, until when, and whether it
 * has been cancelled. Immutable apart from the cancellation token.
 */
public final class ExecutionContext {

  /** The timeout of a call whose caller did not ask for one. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final String requestId;
  private final String userId;
  private final Duration timeout;
  private final Instant deadline;
  private final CancellationToken cancellation;
  private final java.util.function.Supplier<Map<String, String>> traceSource;
  private volatile Map<String, String> traceContext;
  private final Map<String, Object> attributes;
  private final ProgressListener progress;

  private ExecutionContext(Builder b) {
    this.requestId = b.requestId == null ? UUID.randomUUID().toString() : b.requestId;
    this.userId = b.userId;
    this.timeout = b.timeout == null ? DEFAULT_TIMEOUT : b.timeout;
    this.deadline = b.deadline == null ? Instant.now().plus(timeout) : b.deadline;
    this.cancellation = b.cancellation == null ? CancellationToken.create() : b.cancellation;
    if (b.traceSource != null) {
      this.traceSource = b.traceSource;
    } else {
      this.traceSource = null;
      this.traceContext = b.traceContext == null ? Map.of() : Map.copyOf(b.traceContext);
    }
    this.attributes = b.attributes == null ? Map.of() : Map.copyOf(b.attributes);
    this.progress = b.progress == null ? ProgressListener.NONE : b.progress;
  }

  /** @return a builder for a new context */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param requestId the request id
   * @return a context with the default timeout, no user, and a fresh cancellation token
   */
  public static ExecutionContext create(String requestId) {
    return builder().requestId(requestId).build();
  }

  /** @return the request id, carried through logs, spans and replies */
  public String requestId() {
    return requestId;
  }

  /** @return the authenticated user's id, or {@code null} for an anonymous call */
  public String userId() {
    return userId;
  }

  /** @return the call's timeout as the caller asked for it (capped by the capability's) */
  public Duration timeout() {
    return timeout;
  }

  /** @return the instant after which the caller no longer waits */
  public Instant deadline() {
    return deadline;
  }

  /** @return the time left until the deadline, never negative */
  public Duration remaining() {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** @return the call's cancellation token */
  public CancellationToken cancellation() {
    return cancellation;
  }

  /** @return {@code true} once the call has been cancelled */
  public boolean isCancelled() {
    return cancellation.isCancelled();
  }

  /** @return W3C trace context headers ({@code traceparent}, {@code tracestate}) of the call */
  public Map<String, String> traceContext() {
    Map<String, String> headers = traceContext;
    if (headers == null) {
      synchronized (this) {
        headers = traceContext;
        if (headers == null) {
          Map<String, String> supplied = traceSource.get();
          headers = supplied == null ? Map.of() : Map.copyOf(supplied);
          traceContext = headers;
        }
      }
    }
    return headers;
  }

  /** @return free-form attributes the runtime or the caller attached */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /**
   * Tells the caller how far the call has come, when the caller listens (an MCP client that asked for
   * progress); otherwise does nothing. Must not be called after the call has completed.
   *
   * @param progress how far the call has come; should grow with each report
   * @param total the amount {@code progress} counts towards, or null when unknown
   * @param message a short human-readable note, or null
   */
  public void reportProgress(double progress, Double total, String message) {
    this.progress.progress(progress, total, message);
  }

  /** @return whether the caller listens to {@link #reportProgress} (a plugin may skip working out its progress if not) */
  public boolean progressHeard() {
    return progress != ProgressListener.NONE;
  }

  /** @return a builder pre-filled with this context's values */
  public Builder toBuilder() {
    return new Builder().requestId(requestId).userId(userId).timeout(timeout).deadline(deadline)
      .cancellation(cancellation).traceContext(traceContext()).attributes(attributes).progress(progress);
  }

  @Override
  public String toString() {
    return "ExecutionContext{requestId=" + requestId + ", userId=" + userId + ", deadline=" + deadline + '}';
  }

  /** Builds an {@link ExecutionContext}. Unset values take their defaults. */
  public static final class Builder {
    private String requestId;
    private String userId;
    private Duration timeout;
    private Instant deadline;
    private CancellationToken cancellation;
    private Map<String, String> traceContext;
    private java.util.function.Supplier<Map<String, String>> traceSource;
    private Map<String, Object> attributes;
    private ProgressListener progress;

    private Builder() {
    }

    /** @param requestId the request id (default: a random UUID) @return this */
    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    /** @param userId the user's id, or {@code null} @return this */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /** @param timeout the timeout, positive (default 30 s) @return this */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** @param deadline the deadline (default: now + timeout) @return this */
    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    /** @param cancellation the token (default: a fresh one) @return this */
    public Builder cancellation(CancellationToken cancellation) {
      this.cancellation = cancellation;
      return this;
    }

    /** @param traceContext W3C trace context headers @return this */
    public Builder traceContext(Map<String, String> traceContext) {
      this.traceContext = traceContext;
      this.traceSource = null;
      return this;
    }

    /**
     * W3C trace context headers computed on first read of {@link ExecutionContext#traceContext()}, for a
     * caller whose headers cost something to format and are seldom read.
     *
     * @param traceSource supplies the headers once; may return {@code null} for none
     * @return this
     */
    public Builder traceContext(java.util.function.Supplier<Map<String, String>> traceSource) {
      this.traceSource = Objects.requireNonNull(traceSource, "traceSource");
      this.traceContext = null;
      return this;
    }

    /** @param attributes free-form attributes @return this */
    public Builder attributes(Map<String, Object> attributes) {
      this.attributes = attributes;
      return this;
    }

    /** @param progress hears {@link ExecutionContext#reportProgress} (default: nobody) @return this */
    public Builder progress(ProgressListener progress) {
      this.progress = progress;
      return this;
    }

    /** @return the context */
    public ExecutionContext build() {
      return new ExecutionContext(this);
    }
  }
}

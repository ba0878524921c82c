package dev.dhii.runtime.resilience;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import io.vertx.core.json.JsonObject;

/**
 * A call was refused by the {@link RateLimiter} ({@link ErrorCode#RATE_LIMITED}, HTTP 429, retryable,
 * never counted against the breaker). {@link #retryAfterMs()} says when a call would be allowed again;
 * the HTTP bridge turns it into a {@code Retry-After} header, and it is sent in
 * {@code error.details.retryAfterMs}. Stackless: rejections are frequent and their stack says nothing.
 */
public final class RateLimitedException extends PluginException {

  /** Milliseconds until a call would be allowed. */
  private final long retryAfterMs;

  /**
   * @param message what was limited, e.g. the capability and its limit
   * @param retryAfterMs milliseconds until a call would be allowed, at least 0
   */
  public RateLimitedException(String message, long retryAfterMs) {
    super(message, null, new JsonObject().put("retryAfterMs", checked(retryAfterMs)));
    this.retryAfterMs = retryAfterMs;
  }

  private static long checked(long retryAfterMs) {
    if (retryAfterMs < 0) {
      throw new IllegalArgumentException("retryAfterMs must be >= 0: " + retryAfterMs);
    }
    return retryAfterMs;
  }

  /** @return milliseconds until a call would be allowed again */
  public long retryAfterMs() {
    return retryAfterMs;
  }

  /** @return {@link #retryAfterMs()} rounded up to whole seconds, at least 1, for {@code Retry-After} */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfterMs + 999) / 1000);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.RATE_LIMITED;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}

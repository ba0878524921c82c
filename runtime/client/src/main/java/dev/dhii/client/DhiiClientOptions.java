package dev.dhii.client;

import io.vertx.core.json.JsonObject;

/** Settings of a {@link DhiiClient}: how long it waits for an answer. */
public class DhiiClientOptions {

  /** The deadline assumed for a call that sets none: the runtime's default plugin timeout. */
  public static final long DEFAULT_DEFAULT_TIMEOUT_MS = 30_000;
  /** How much longer than the call's deadline the client waits for the runtime's own TIMEOUT answer. */
  public static final long DEFAULT_REPLY_GRACE_MS = 2_000;

  private long defaultTimeoutMs = DEFAULT_DEFAULT_TIMEOUT_MS;
  private long replyGraceMs = DEFAULT_REPLY_GRACE_MS;

  /** The defaults. */
  public DhiiClientOptions() {
  }

  /** @param other options to copy */
  public DhiiClientOptions(DhiiClientOptions other) {
    this.defaultTimeoutMs = other.defaultTimeoutMs;
    this.replyGraceMs = other.replyGraceMs;
  }

  /** @param json {@code defaultTimeoutMs}, {@code replyGraceMs} */
  public DhiiClientOptions(JsonObject json) {
    setDefaultTimeoutMs(json.getLong("defaultTimeoutMs", DEFAULT_DEFAULT_TIMEOUT_MS));
    setReplyGraceMs(json.getLong("replyGraceMs", DEFAULT_REPLY_GRACE_MS));
  }

  /** @return the deadline assumed for a call that sets none, in milliseconds */
  public long getDefaultTimeoutMs() {
    return defaultTimeoutMs;
  }

  /** @param defaultTimeoutMs the deadline assumed for a call that sets none, > 0 @return this */
  public DhiiClientOptions setDefaultTimeoutMs(long defaultTimeoutMs) {
    if (defaultTimeoutMs <= 0) {
      throw new IllegalArgumentException("defaultTimeoutMs must be > 0: " + defaultTimeoutMs);
    }
    this.defaultTimeoutMs = defaultTimeoutMs;
    return this;
  }

  /** @return the extra wait beyond a call's deadline, in milliseconds */
  public long getReplyGraceMs() {
    return replyGraceMs;
  }

  /**
   * A call whose node dies gets no answer at all; it fails with TIMEOUT when its deadline plus this grace
   * has passed. The grace lets the runtime's own TIMEOUT answer (which names the plugin) arrive first.
   *
   * @param replyGraceMs the extra wait in milliseconds, >= 0
   * @return this
   */
  public DhiiClientOptions setReplyGraceMs(long replyGraceMs) {
    if (replyGraceMs < 0) {
      throw new IllegalArgumentException("replyGraceMs must be >= 0: " + replyGraceMs);
    }
    this.replyGraceMs = replyGraceMs;
    return this;
  }

  /** @return these options as JSON */
  public JsonObject toJson() {
    return new JsonObject().put("defaultTimeoutMs", defaultTimeoutMs).put("replyGraceMs", replyGraceMs);
  }
}

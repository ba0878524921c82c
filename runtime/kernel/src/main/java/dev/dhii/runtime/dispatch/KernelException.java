package dev.dhii.runtime.dispatch;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import io.vertx.core.json.JsonObject;

/** A failure the kernel itself decides (unknown capability, deadline, unavailable plugin, ...). */
public final class KernelException extends PluginException {

  private final ErrorCode code;

  /** @param code the wire code @param message what happened */
  public KernelException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /** @param code the wire code @param message what happened @param details extra JSON for the caller */
  public KernelException(ErrorCode code, String message, JsonObject details) {
    super(message, null, details);
    this.code = code;
  }

  @Override
  public ErrorCode code() {
    return code;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // decided by the kernel: the stack says nothing useful and costs on the hot path
  }
}

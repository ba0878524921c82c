package dev.dhii.api;

/** The call was cancelled by its caller ({@code CancelledError}). Thrown by {@link CancellationToken#throwIfCancelled()}. */
public class CancelledException extends PluginException {

  /** @param message why */
  public CancelledException(String message) {
    super(message);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.CANCELLED;
  }
}

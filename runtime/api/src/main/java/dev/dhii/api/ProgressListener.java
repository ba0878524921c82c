package dev.dhii.api;

/**
 * Hears the progress a capability reports through {@link ExecutionContext#reportProgress}. Called on the
 * plugin's thread: it must not block.
 */
@FunctionalInterface
public interface ProgressListener {

  /** Hears nothing. */
  ProgressListener NONE = (progress, total, message) -> { };

  /**
   * @param progress how far the call has come (grows with each report)
   * @param total the amount {@code progress} counts towards, or null when unknown
   * @param message a short human-readable note, or null
   */
  void progress(double progress, Double total, String message);
}

package dev.dhii.runtime.trust;

/** Why the trust policy refuses a bundle or a plugin directory: the message is the one-line reason. */
public final class UntrustedException extends Exception {

  /** @param reason the reason, for the operator */
  public UntrustedException(String reason) {
    super(reason);
  }
}

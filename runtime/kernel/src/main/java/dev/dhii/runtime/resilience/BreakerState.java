package dev.dhii.runtime.resilience;

/** The state of a {@link PluginBreaker}. */
public enum BreakerState {
  /** Calls pass and their outcomes are counted. */
  CLOSED,
  /** Calls are refused at once with {@link CircuitOpenException} until the reset timeout passes. */
  OPEN,
  /** One probe call may pass; its success closes the circuit, a counting failure opens it again. */
  HALF_OPEN
}

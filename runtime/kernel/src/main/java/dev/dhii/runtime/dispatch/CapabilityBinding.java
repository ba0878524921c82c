package dev.dhii.runtime.dispatch;

import dev.dhii.api.Capability;
import dev.dhii.runtime.dispatch.SchemaValidator;

/**
 * A capability of a loaded plugin generation, with its compiled input and output validators.
 *
 * @param capability the capability as the plugin declared it
 * @param input the compiled input schema
 * @param output the compiled output schema
 * @param lenient whether a result breaking the output schema is passed on and reported rather than failed
 *                (v1 plugins: {@code null} members count as absent)
 */
public record CapabilityBinding(Capability<?, ?> capability, SchemaValidator input, SchemaValidator output,
                                boolean lenient) {

  /**
   * @param capability the capability
   * @return its binding, with both schemas compiled
   * @throws IllegalArgumentException if a schema is invalid
   */
  public static CapabilityBinding of(Capability<?, ?> capability) {
    return of(capability, false);
  }

  /**
   * @param capability the capability
   * @param lenient whether its output is checked leniently (v1)
   * @return its binding, with both schemas compiled
   * @throws IllegalArgumentException if a schema is invalid
   */
  public static CapabilityBinding of(Capability<?, ?> capability, boolean lenient) {
    return new CapabilityBinding(capability, SchemaValidator.compile(capability.inputSchema()),
      SchemaValidator.compile(capability.outputSchema()), lenient);
  }

  /** @return the capability's id */
  public String id() {
    return capability.id();
  }
}

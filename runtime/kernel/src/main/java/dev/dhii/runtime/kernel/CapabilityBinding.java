package dev.dhii.runtime.kernel;

import dev.dhii.api.Capability;
import dev.dhii.runtime.dispatch.SchemaValidator;

/**
 * A capability of a loaded plugin generation, with its compiled input and output validators.
 *
 * @param capability the capability as the plugin declared it
 * @param input the compiled input schema
 * @param output the compiled output schema
 */
public record CapabilityBinding(Capability<?, ?> capability, SchemaValidator input, SchemaValidator output) {

  /**
   * @param capability the capability
   * @return its binding, with both schemas compiled
   * @throws IllegalArgumentException if a schema is invalid
   */
  public static CapabilityBinding of(Capability<?, ?> capability) {
    return new CapabilityBinding(capability, SchemaValidator.compile(capability.inputSchema()),
      SchemaValidator.compile(capability.outputSchema()));
  }

  /** @return the capability's id */
  public String id() {
    return capability.id();
  }
}

package dev.dhii.api;

import io.vertx.core.json.JsonObject;

/** The plugin is misconfigured ({@code PluginConfigurationError}): fatal, not retryable. */
public class PluginConfigurationException extends PluginException {

  /** @param message what is wrong with the configuration */
  public PluginConfigurationException(String message) {
    super(message);
  }

  /** @param message what is wrong @param cause the underlying failure */
  public PluginConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }

  /** @param message what is wrong @param cause the underlying failure @param details extra JSON */
  public PluginConfigurationException(String message, Throwable cause, JsonObject details) {
    super(message, cause, details);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.CONFIGURATION;
  }
}

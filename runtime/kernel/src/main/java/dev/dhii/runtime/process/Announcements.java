package dev.dhii.runtime.process;

import dev.dhii.api.Capability;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The optional members of a process plugin's announcement (name, tags, timeoutMs, apiVersion) and the
 * control messages the kernel sends on a process's calls address.
 */
final class Announcements {

  /** At most this many violations of a VALIDATION reply are passed on. */
  static final int MAX_VIOLATIONS = 100;

  private Announcements() {
  }

  /**
   * The violations of a process's VALIDATION reply: its {@code error.violations} ({@code pointer}, a JSON
   * pointer into the input, and {@code message}), at most {@link #MAX_VIOLATIONS}; one violation at the
   * input's root with {@code message} when it has none that are well-formed.
   *
   * @param error the reply's error object
   * @param message the error's message
   * @return the violations, never empty
   */
  static java.util.List<dev.dhii.api.PluginValidationException.Violation> violations(JsonObject error, String message) {
    java.util.List<dev.dhii.api.PluginValidationException.Violation> list = new java.util.ArrayList<>();
    if (error.getValue("violations") instanceof JsonArray array) {
      for (Object item : array) {
        if (list.size() == MAX_VIOLATIONS) {
          break;
        }
        if (item instanceof JsonObject v && v.getValue("message") instanceof String text && !text.isEmpty()) {
          String pointer = v.getValue("pointer") instanceof String p && (p.isEmpty() || p.startsWith("/")) ? p : "";
          list.add(new dev.dhii.api.PluginValidationException.Violation(pointer, text));
        }
      }
    }
    return list.isEmpty() ? java.util.List.of(new dev.dhii.api.PluginValidationException.Violation("", message)) : list;
  }

  /**
   * Applies {@code name}, {@code tags} and {@code timeoutMs} (the capability's default deadline) when
   * announced.
   *
   * @param builder the capability being built
   * @param announced its announcement
   * @throws IllegalArgumentException if one of them has the wrong type or range
   */
  static void details(Capability.Builder<?, ?> builder, JsonObject announced) {
    if (announced.getValue("name") instanceof String name && !name.isEmpty()) {
      builder.name(name);
    }
    Object tags = announced.getValue("tags");
    if (tags instanceof JsonArray array) {
      builder.tags(array.stream().map(String::valueOf).toArray(String[]::new));
    } else if (tags != null) {
      throw new IllegalArgumentException("tags of " + announced.getValue("id") + " must be an array of strings");
    }
    Object timeout = announced.getValue("timeoutMs");
    if (timeout instanceof Number ms && ms.longValue() > 0) {
      builder.timeout(Duration.ofMillis(ms.longValue()));
    } else if (timeout != null) {
      throw new IllegalArgumentException("timeoutMs of " + announced.getValue("id") + " must be a positive integer");
    }
  }

  /**
   * @param announced a capability's announcement
   * @param manifestApiVersion the plugin's manifest's apiVersion, the default
   * @return the announced {@code apiVersion} (1: results passed on leniently), or the default
   */
  static int apiVersion(JsonObject announced, int manifestApiVersion) {
    return announced.getValue("apiVersion") instanceof Number n ? n.intValue() : manifestApiVersion;
  }

  /**
   * @param callId the call's id
   * @param tokenReason why its cancellation token fired ({@code deadline} for the deadline)
   * @return the cancel message for the process
   */
  static JsonObject cancel(String callId, String tokenReason) {
    return new JsonObject().put("control", "cancel").put("callId", callId)
      .put("reason", "deadline".equals(tokenReason) ? "TIMEOUT" : "CANCELLED");
  }
}

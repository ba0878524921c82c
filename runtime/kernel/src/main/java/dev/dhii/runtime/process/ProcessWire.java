package dev.dhii.runtime.process;

import dev.dhii.api.CancelledException;
import dev.dhii.api.Capability;
import dev.dhii.api.CapabilityHandler;
import dev.dhii.api.ExecutionContext;
import dev.dhii.api.PluginAuthenticationException;
import dev.dhii.api.PluginConfigurationException;
import dev.dhii.api.PluginException;
import dev.dhii.api.PluginNetworkException;
import dev.dhii.api.PluginValidationException;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The protocol between the runtime and a process plugin, apart from the event bus addresses
 * ({@link dev.dhii.runtime.bus.Addresses#processCalls}): the token, the environment every start gets,
 * the announcement of capabilities, the call request and the mapping of the process's replies and of a
 * process that cannot be reached to the plugin API's exceptions. The optional members of an announcement
 * and the control messages are in {@link Announcements}.
 */
public final class ProcessWire {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ProcessWire() {
  }

  /** @return a new process token: 16 random bytes as lowercase hex (the form the bridge permits) */
  static String newToken() {
    byte[] secret = new byte[16];
    RANDOM.nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }

  /**
   * What every start of a plugin's command gets, whether the runtime serves it or {@code dhii plugin
   * validate} asks it to describe itself: its id, its configuration, and the Python SDK first on its
   * {@code PYTHONPATH}.
   *
   * @param env the process's environment, completed in place
   * @param manifest the plugin's manifest
   * @param config the plugin's configuration
   * @param sdkPath the Python SDK's directory
   */
  public static void environment(Map<String, String> env, PluginManifest manifest, JsonObject config, Path sdkPath) {
    env.put("DHII_PLUGIN_ID", manifest.id());
    env.put("DHII_PLUGIN_CONFIG", config.encode());
    String sdk = sdkPath.toString();
    String pythonPath = env.get("PYTHONPATH");
    env.put("PYTHONPATH", pythonPath == null || pythonPath.isEmpty() ? sdk : sdk + File.pathSeparator + pythonPath);
  }

  /**
   * @param manifest the plugin's manifest
   * @param config the plugin's configuration
   * @param support the bridge, SDK and concurrency
   * @param spec what is started
   * @param token the new process's token
   * @return the environment of a process the runtime serves: {@link #environment} and the plugin's directories,
   *     the bridge to connect to, the token and addresses, the concurrency
   */
  static Map<String, String> launchEnvironment(PluginManifest manifest, JsonObject config, ProcessSupport support,
                                               LaunchSpec spec, String token) {
    Map<String, String> env = new LinkedHashMap<>();
    environment(env, manifest, config, support.sdkPath());
    env.putAll(spec.extraEnv()); // DHII_PLUGIN_DIR and DHII_PLUGIN_DATA among them (ProcessCommand)
    env.put("DHII_BRIDGE_HOST", support.bridgeHost());
    env.put("DHII_BRIDGE_PORT", Integer.toString(support.bridgePort().getAsInt()));
    env.put("DHII_PLUGIN_TOKEN", token);
    env.put("DHII_PLUGIN_CALLS", Addresses.processCalls(manifest.id(), token));
    env.put("DHII_PLUGIN_ANNOUNCE", Addresses.processAnnounce(manifest.id(), token));
    env.put("DHII_PLUGIN_CONCURRENCY", Integer.toString(support.concurrency()));
    return env;
  }

  /**
   * What a process announced.
   *
   * @param capabilities its capabilities, in announcement order
   * @param lenient the ids whose results are passed on leniently ({@code "*"}: all, a v1 manifest)
   */
  record Announced(List<Capability<?, ?>> capabilities, Set<String> lenient) {
  }

  /**
   * @param manifest the plugin's manifest
   * @param announced the announcement's {@code capabilities}
   * @param handlers the handler of each capability id (the call to the process)
   * @return the capabilities
   * @throws IllegalArgumentException for a malformed announcement
   */
  static Announced parse(PluginManifest manifest, JsonArray announced,
                         Function<String, CapabilityHandler<JsonObject, JsonObject>> handlers) {
    if (announced == null) {
      throw new IllegalArgumentException("no capabilities array");
    }
    Map<String, Capability<?, ?>> parsed = new LinkedHashMap<>();
    Set<String> v1 = new HashSet<>(manifest.apiVersion() == 1 ? List.of("*") : List.of());
    for (Object item : announced) {
      if (!(item instanceof JsonObject c) || !(c.getValue("id") instanceof String id)) {
        throw new IllegalArgumentException("a capability without an id: " + item);
      }
      JsonObject in = c.getJsonObject("inputSchema", new JsonObject().put("type", "object"));
      JsonObject out = c.getJsonObject("outputSchema", new JsonObject().put("type", "object"));
      Capability.Builder<JsonObject, JsonObject> builder = Capability.builder(id, JsonObject.class, JsonObject.class)
        .description(c.getString("description", ""))
        .inputSchema(in).outputSchema(out)
        .idempotent(Boolean.TRUE.equals(c.getBoolean("idempotent")))
        .requiresAuth(Boolean.TRUE.equals(c.getBoolean("requiresAuth")))
        .rateLimitPerMinute(c.getInteger("rateLimitPerMinute", Capability.DEFAULT_RATE_LIMIT_PER_MINUTE))
        .handler(handlers.apply(id));
      Announcements.details(builder, c);
      if (Announcements.apiVersion(c, manifest.apiVersion()) == 1) {
        v1.add(id);
      }
      if (parsed.put(id, builder.build()) != null) {
        throw new IllegalArgumentException(id + " announced twice");
      }
    }
    return new Announced(List.copyOf(parsed.values()), Set.copyOf(v1));
  }

  /**
   * @param capabilityId the capability
   * @param callId the call's id on this process (for cancellation)
   * @param input the validated input
   * @param ctx the call's context
   * @return the request the process gets on its calls address
   */
  static JsonObject request(String capabilityId, String callId, JsonObject input, ExecutionContext ctx) {
    return new JsonObject().put("capability", capabilityId).put("callId", callId).put("input", input)
      .put("requestId", ctx.requestId()).put("userId", ctx.userId())
      .put("deadlineEpochMs", ctx.deadline().toEpochMilli())
      .put("traceparent", ctx.traceContext().get("traceparent"));
  }

  /**
   * @param pluginId the plugin
   * @param failure why the request got no reply
   * @return NETWORK: nothing done when no process consumes the address, else perhaps done
   */
  static Throwable unreachable(String pluginId, Throwable failure) {
    if (failure instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
      return new PluginNetworkException("The process of plugin " + pluginId + " is not connected", failure, true);
    }
    return new PluginNetworkException("The process of plugin " + pluginId + " did not answer: " + failure.getMessage(), failure, false);
  }

  /**
   * @param capabilityId the capability
   * @param reply the process's reply: {@code {"ok": true, "output"}} or {@code {"ok": false, "error": {code, message}}}
   * @return the output, or the error as the plugin API's exception
   */
  static Future<JsonObject> answer(String capabilityId, JsonObject reply) {
    if (reply == null) {
      return Future.failedFuture(new PluginException("The process answered " + capabilityId + " with no body"));
    }
    if (Boolean.TRUE.equals(reply.getBoolean("ok"))) {
      return reply.getValue("output") instanceof JsonObject output ? Future.succeededFuture(output)
        : Future.failedFuture(new PluginException("The process answered " + capabilityId + " without an output object"));
    }
    JsonObject error = reply.getJsonObject("error", new JsonObject());
    String message = error.getString("message", "failed");
    boolean nothingDone = Boolean.TRUE.equals(error.getBoolean("nothingDone"));
    Throwable failure = switch (error.getString("code", "INTERNAL")) {
      case "VALIDATION" -> new PluginValidationException(message, Announcements.violations(error, message));
      case "CANCELLED" -> new CancelledException(message);
      case "AUTHENTICATION" -> new PluginAuthenticationException(message);
      case "AUTHORIZATION" -> new PluginAuthenticationException(message, true);
      case "NETWORK" -> new PluginNetworkException(message, null, nothingDone);
      // the process is stopping: nothing was done, so a safe call may go elsewhere or be retried
      case "UNAVAILABLE" -> new PluginNetworkException(message, null, true);
      case "CONFIGURATION" -> new PluginConfigurationException(message);
      // the codes of the SDKs' NotFoundError and of a handler that gave up at its deadline keep their meaning
      case "NOT_FOUND" -> PluginException.of(dev.dhii.api.ErrorCode.NOT_FOUND, message);
      case "TIMEOUT" -> PluginException.of(dev.dhii.api.ErrorCode.TIMEOUT, message);
      default -> new PluginException(message);
    };
    return Future.failedFuture(failure);
  }
}

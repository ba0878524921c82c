package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Map;

/**
 * The {@code DHII_*} environment variables, applied over the configuration files: {@code DHII_HTTP_HOST},
 * {@code DHII_HTTP_PORT}, {@code DHII_PLUGIN_DIRS} (comma-separated), {@code DHII_DATA_DIR}, the JWT settings
 * {@code DHII_JWT_SECRET}, {@code DHII_JWT_PUBLIC_KEY} (PEM; {@code \n} escapes allowed) and
 * {@code DHII_JWT_ALGORITHM} (an empty JWT variable is ignored), {@code DHII_CLUSTER_MEMBERS} (comma-separated
 * {@code host[:port]}), {@code DHII_CLUSTER_HOST}, {@code DHII_CLUSTER_PORT}, {@code DHII_EVENTBUS_PORT},
 * {@code DHII_TCP_BRIDGE_HOST} and {@code DHII_TCP_BRIDGE_PORT}; the trust policy's {@code DHII_TRUSTED_KEYS}
 * (comma-separated PEM files, replacing {@code plugins.trust.publicKeys}) and {@code DHII_REQUIRE_SIGNED}.
 */
final class EnvironmentOverrides {

  private EnvironmentOverrides() {
  }

  static void apply(RuntimeOptions options, Map<String, String> env) {
    if (env.containsKey("DHII_HTTP_HOST")) {
      options.setHttpHost(env.get("DHII_HTTP_HOST"));
    }
    if (env.containsKey("DHII_HTTP_PORT")) {
      options.setHttpPort(RuntimeOptions.parsePort(env.get("DHII_HTTP_PORT"), "DHII_HTTP_PORT"));
    }
    if (env.containsKey("DHII_PLUGIN_DIRS")) {
      options.setPluginDirectories(Arrays.asList(env.get("DHII_PLUGIN_DIRS").split(",")));
    }
    if (env.containsKey("DHII_DATA_DIR")) {
      options.set("plugins", "dataDirectory", env.get("DHII_DATA_DIR"));
    }
    JsonObject jwt = options.section("auth").getJsonObject("jwt", new JsonObject());
    boolean jwtSet = jwt(env, "DHII_JWT_SECRET", "secret", jwt) | jwt(env, "DHII_JWT_PUBLIC_KEY", "publicKey", jwt)
      | jwt(env, "DHII_JWT_ALGORITHM", "algorithm", jwt);
    if (jwtSet) {
      options.set("auth", "jwt", jwt);
    }
    if (env.containsKey("DHII_CLUSTER_MEMBERS")) {
      options.set("cluster", "members", RuntimeOptions.nonBlank(Arrays.asList(env.get("DHII_CLUSTER_MEMBERS").split(","))));
    }
    if (env.containsKey("DHII_CLUSTER_HOST")) {
      options.set("cluster", "host", env.get("DHII_CLUSTER_HOST"));
    }
    port(options, env, "DHII_CLUSTER_PORT", "cluster", "port", 1, "cluster port");
    port(options, env, "DHII_EVENTBUS_PORT", "cluster", "eventBusPort", 0, "event bus port");
    if (env.containsKey("DHII_TCP_BRIDGE_HOST")) {
      options.set("tcpBridge", "host", env.get("DHII_TCP_BRIDGE_HOST"));
    }
    if (env.containsKey("DHII_TCP_BRIDGE_PORT")) {
      options.setTcpBridgePort(RuntimeOptions.parsePort(env.get("DHII_TCP_BRIDGE_PORT"), "DHII_TCP_BRIDGE_PORT"));
    }
    // the trust policy of signed bundles (plugins.trust): the keys replace the configured ones
    if (env.containsKey("DHII_TRUSTED_KEYS") || env.containsKey("DHII_REQUIRE_SIGNED")) {
      JsonObject trust = options.trust().toJson();
      if (env.containsKey("DHII_TRUSTED_KEYS")) {
        trust.put("publicKeys", RuntimeOptions.nonBlank(Arrays.asList(env.get("DHII_TRUSTED_KEYS").split(","))));
      }
      if (env.containsKey("DHII_REQUIRE_SIGNED")) {
        trust.put("requireSigned", flag(env.get("DHII_REQUIRE_SIGNED"), "DHII_REQUIRE_SIGNED"));
      }
      options.set("plugins", "trust", trust);
    }
  }

  private static boolean jwt(Map<String, String> env, String variable, String key, JsonObject jwt) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return false;
    }
    // a PEM key in one environment line comes with its newlines written as \n
    jwt.put(key, key.equals("publicKey") ? value.replace("\\n", "\n") : value);
    return true;
  }

  private static boolean flag(String value, String variable) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(variable + " must be true or false: " + value);
    };
  }

  private static void port(RuntimeOptions options, Map<String, String> env, String variable, String section, String key,
                           int min, String what) {
    if (env.containsKey(variable)) {
      options.set(section, key, RuntimeOptions.checkPort(RuntimeOptions.parsePort(env.get(variable), variable), min, what));
    }
  }
}

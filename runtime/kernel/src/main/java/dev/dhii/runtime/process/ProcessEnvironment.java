package dev.dhii.runtime.process;

import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The minimal environment of a process plugin (DESIGN §11, "Sandbox"): an allow-list of the runtime's
 * variables, the protocol's {@code DHII_*} variables and the manifest's {@code env}; never the runtime's
 * secrets nor its environment wholesale.
 */
final class ProcessEnvironment {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** Variables a process gets from the runtime's environment, when the runtime has them. */
  private static final Set<String> ALLOWED = Set.of("PATH", "LANG", "LANGUAGE", "TZ", "TERM", "PYTHONUNBUFFERED",
    "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONHASHSEED", "PYENV_ROOT", "PYENV_VERSION");
  /** The protocol's {@code DHII_*} variables (the wire protocol in runtime/sdk-python/README.md); no other reaches a process. */
  static final Set<String> PROTOCOL = Set.of("DHII_PLUGIN_ID", "DHII_PLUGIN_CONFIG", "DHII_PLUGIN_DIR",
    "DHII_PLUGIN_DATA", "DHII_PLUGIN_TOKEN", "DHII_PLUGIN_CALLS", "DHII_PLUGIN_ANNOUNCE", "DHII_PLUGIN_CONCURRENCY",
    "DHII_BRIDGE_HOST", "DHII_BRIDGE_PORT", "DHII_BRIDGE_SOCKET", "DHII_MAX_FRAME_BYTES", "DHII_DESCRIBE");

  private ProcessEnvironment() {
  }

  /**
   * The whole environment of a process: allow-listed variables of the runtime's, {@code HOME} (its data
   * directory), {@code TMPDIR}, the manifest's {@code env} (no {@code DHII_*} name), the launch's extra
   * entries, then the protocol's {@code DHII_*} variables.
   */
  static Map<String, String> of(Map<String, String> parentEnv, LaunchSpec spec, PluginManifest manifest,
                                Map<String, String> protocolEnv, String tmpDir) {
    Map<String, String> env = new LinkedHashMap<>();
    parentEnv.forEach((k, v) -> {
      if (ALLOWED.contains(k) || k.startsWith("LC_")) {
        env.put(k, v);
      }
    });
    env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", spec.dataDir().toString());
    env.put("TMPDIR", tmpDir);
    declared(manifest).forEach(env::put);
    spec.extraEnv().forEach((k, v) -> {
      if (!k.startsWith("DHII_") || PROTOCOL.contains(k)) {
        env.put(k, v);
      }
    });
    protocolEnv.forEach((k, v) -> {
      if (PROTOCOL.contains(k) || !k.startsWith("DHII_")) {
        env.put(k, v);
      }
    });
    return env;
  }

  /**
   * @param manifest a plugin's manifest
   * @return its {@code "env": {"NAME": "value"}} entries; names starting with {@code DHII_} are refused
   */
  static Map<String, String> declared(PluginManifest manifest) {
    Map<String, String> declared = new LinkedHashMap<>();
    if (manifest.file() == null || !Files.isRegularFile(manifest.file())) {
      return declared;
    }
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(manifest.file(), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return declared;
    }
    JsonObject env = json.getValue("env") instanceof JsonObject o ? o : new JsonObject();
    env.forEach(e -> {
      if (NAME.matcher(e.getKey()).matches() && !e.getKey().startsWith("DHII_") && e.getValue() instanceof String v) {
        declared.put(e.getKey(), v);
      } else {
        LOG.warn("plugin {}: env entry {} ignored (a name without the DHII_ prefix, a string value)", manifest.id(), e.getKey());
      }
    });
    return declared;
  }
}

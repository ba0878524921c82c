package dev.dhii.runtime.manifest;

/** How a plugin runs: the manifest's {@code runtime} field. */
public enum PluginRuntime {

  /** A jar (or the runtime's own class path) loaded in the plugin's own class loader. */
  JVM("jvm"),

  /** Any program, started from the manifest's {@code command}, talking over the TCP event-bus bridge. */
  PROCESS("process");

  private final String json;

  PluginRuntime(String json) {
    this.json = json;
  }

  /** The name used in {@code manifest.json}: {@code "jvm"} or {@code "process"}. */
  public String json() {
    return json;
  }

  /**
   * The runtime named {@code json} in a manifest.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static PluginRuntime fromJson(String json) {
    for (PluginRuntime runtime : values()) {
      if (runtime.json.equals(json)) return runtime;
    }
    throw new IllegalArgumentException("unknown plugin runtime \"" + json + "\" (expected \"jvm\" or \"process\")");
  }
}

package dev.dhii.runtime.config;

import dev.dhii.runtime.manifest.ResourceLimits;
import dev.dhii.runtime.resilience.ResilienceOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every setting of the runtime, read once at boot: the embedded defaults ({@code conf/runtime.json},
 * packaged as {@value #DEFAULTS_RESOURCE}), then an operator's file, then {@code DHII_*} environment
 * variables, then command-line flags. Relative paths resolve against {@link #home()}.
 */
public final class RuntimeOptions extends SettingShortcuts {

  /** Class-path resource holding the defaults (a copy of conf/runtime.json). */
  public static final String DEFAULTS_RESOURCE = "dev/dhii/runtime/config/runtime.json";

  /** The default of {@code limits.bufferedBytes}: 32 MiB, a quarter of the launcher's 128 MiB heap. */
  public static final long DEFAULT_BUFFERED_BYTES = 32L * 1024 * 1024;

  private final JsonObject json;
  private final Path home;
  /** The typed options, each parsed once from its block (and again only after a setter changed the JSON). */
  private final Map<String, Object> parsed = new ConcurrentHashMap<>();

  /** Creates options holding the embedded defaults, with the working directory as home. */
  public RuntimeOptions() {
    this(new JsonObject());
  }

  /** @param json a configuration in the form of conf/runtime.json, merged over the defaults */
  public RuntimeOptions(JsonObject json) {
    this.json = EmbeddedDefaults.json().mergeIn(json, true);
    this.home = Path.of(System.getProperty("dhii.home", ".")).toAbsolutePath().normalize();
  }

  /** @param other options to copy */
  public RuntimeOptions(RuntimeOptions other) {
    this.json = other.json.copy();
    this.home = other.home;
  }

  /**
   * @param host a bind address
   * @return whether it binds every interface ({@code 0.0.0.0}, {@code ::}, {@code [::]}): a client on this machine
   *         reaches such a server on 127.0.0.1
   */
  public static boolean wildcardHost(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /**
   * Reads an operator's configuration file over the defaults.
   *
   * @param file a JSON file in the form of conf/runtime.json
   * @return the options
   * @throws IllegalArgumentException if the file cannot be read or is not a JSON object
   */
  public static RuntimeOptions fromFile(Path file) {
    try {
      return new RuntimeOptions(new JsonObject(Files.readString(file)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Cannot read configuration " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Applies the {@code DHII_*} environment variables ({@link EnvironmentOverrides} lists them).
   *
   * @param env the environment
   * @return this
   */
  public RuntimeOptions applyEnvironment(Map<String, String> env) {
    EnvironmentOverrides.apply(this, env);
    return this;
  }

  /** @param value text @param what where it came from @return the port @throws IllegalArgumentException if invalid */
  public static int parsePort(String value, String what) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a port number (0-65535): " + value);
    }
  }

  private JsonObject live(String name) {
    JsonObject section = json.getJsonObject(name);
    if (section == null) {
      section = new JsonObject();
      json.put(name, section);
    }
    return section;
  }

  /** @return the typed options of a block ({@code "defaults.resources"}: a nested one), parsed on first use */
  @SuppressWarnings("unchecked")
  private <T> T typed(String path, Function<JsonObject, T> parser) {
    return (T) parsed.computeIfAbsent(path, p -> {
      JsonObject at = json;
      for (String name : p.split("\\.")) {
        at = at.getJsonObject(name, new JsonObject());
      }
      return parser.apply(at);
    });
  }

  /** Sets one value of a block (the typed options are parsed again on next use). */
  RuntimeOptions set(String section, String key, Object value) {
    live(section).put(key, value);
    parsed.clear();
    return this;
  }

  static JsonArray nonBlank(List<String> values) {
    JsonArray array = new JsonArray();
    values.stream().map(String::trim).filter(v -> !v.isEmpty()).forEach(array::add);
    return array;
  }

  static int checkPort(int port, int min, String what) {
    if (port < min || port > 65535) {
      throw new IllegalArgumentException(what + " must be " + min + "-65535: " + port);
    }
    return port;
  }

  /** @return the directory relative paths resolve against (system property {@code dhii.home}, else the working directory) */
  public Path home() {
    return home;
  }

  /**
   * The raw JSON of one top-level block of the configuration, for an area that parses its own typed options
   * (add the block to conf/runtime.json, and the typed class with its {@code DEFAULT_*} constants next to the
   * area's code; see DefaultsAgreeTest).
   *
   * @param name the block's name in conf/runtime.json
   * @return a copy of the block (empty when absent)
   */
  public JsonObject section(String name) {
    return live(name).copy();
  }

  // ---- typed options, one per top-level block of conf/runtime.json, each parsed once ----

  /** @return the {@code http} block: bind address, port, instances, body bound */
  @Override
  public HttpOptions http() {
    return typed("http", HttpOptions::fromJson);
  }

  /** @return the {@code plugins} block: plugin directories and data directory, as written */
  @Override
  public PluginsOptions plugins() {
    return typed("plugins", PluginsOptions::fromJson);
  }

  /** @return the {@code process} block: SDK, interpreter, virtual environments, sandbox, timeouts */
  @Override
  public ProcessOptions process() {
    return typed("process", ProcessOptions::fromJson);
  }

  /** @return the {@code lifecycle} block: step, drain and health check deadlines */
  @Override
  public LifecycleOptions lifecycle() {
    return typed("lifecycle", LifecycleOptions::fromJson);
  }

  /** @return the {@code cluster} block: name, Hazelcast file, members, addresses, timeouts, properties */
  @Override
  public ClusterOptions cluster() {
    return typed("cluster", ClusterOptions::fromJson);
  }

  /** @return the {@code auth} settings ({@code jwt}: algorithm, secret, publicKey, issuer, audience, leewaySeconds) */
  public AuthOptions auth() {
    return typed("auth", (JsonObject json) -> new AuthOptions(json));
  }

  /** @return the WebSocket bridge's limits (the {@code websocket} block; a copy) */
  public WebSocketOptions webSocket() {
    return new WebSocketOptions(typed("websocket", (JsonObject json) -> new WebSocketOptions(json)));
  }

  /** @return the {@code telemetry} section: service name, tracing, metrics (export is set by {@code OTEL_*}; a copy) */
  public TelemetryOptions telemetry() {
    return new TelemetryOptions(typed("telemetry", (JsonObject json) -> new TelemetryOptions(json)));
  }

  /** @return the resource limits of a plugin whose manifest does not set them */
  public ResourceLimits defaultResources() {
    return typed("defaults.resources", json -> ResourceLimits.fromJson(json).withDefaults(ResourceLimits.DEFAULTS));
  }

  /** @return the resilience settings ({@code retry}, {@code circuitBreaker}) of a plugin whose manifest does not set them */
  public ResilienceOptions defaultResilience() {
    return typed("defaults.resilience", (JsonObject json) -> new ResilienceOptions(json));
  }

  /** @return every {@code tcpBridge} setting: address, frame and buffer bounds, connection bounds, timeouts, TLS */
  public TcpBridgeOptions tcpBridge() {
    TcpBridgeOptions o = new TcpBridgeOptions(tcpBridgeAsWritten());
    // PEM paths resolve against the runtime's home, as httpServer.tls's do
    return o.isTls() ? o.setTls(resolve(o.getTlsCertFile()).toString(), resolve(o.getTlsKeyFile()).toString()) : o;
  }

  /** @return the HTTP server's connection, timing and TLS bounds ({@code httpServer}); TLS paths resolved against home */
  public HttpEdgeOptions httpEdge() {
    HttpEdgeOptions o = typed("httpServer", HttpEdgeOptions::fromJson);
    if (!o.tls()) {
      return o;
    }
    return new HttpEdgeOptions(o.maxConnections(), o.maxConnectionsPerAddress(), o.headerTimeoutMs(),
      o.bodyIdleTimeoutMs(), o.bodyTimeoutMs(), o.idleTimeoutMs(), o.maxInitialLineBytes(), o.maxHeaderBytes(),
      resolve(o.tlsCertPath()).toString(), resolve(o.tlsKeyPath()).toString());
  }

  /**
   * @return the bytes all requests still in progress may buffer together ({@code limits.bufferedBytes}, default
   *         32 MiB, a quarter of the launcher's 128 MiB heap); 0 or less removes the bound
   */
  public long bufferedBytesBudget() {
    return typed("limits", json -> json.getLong("bufferedBytes", DEFAULT_BUFFERED_BYTES));
  }

  // ---- setters (the command line and DHII_* variables use them) ----

  /** @param host the HTTP bind address @return this */
  public RuntimeOptions setHttpHost(String host) {
    return set("http", "host", host);
  }

  /** @param port the HTTP port, 0-65535 @return this */
  public RuntimeOptions setHttpPort(int port) {
    return set("http", "port", checkPort(port, 0, "port"));
  }

  /** @param dirs plugin directories (relative to home or absolute) @return this */
  public RuntimeOptions setPluginDirectories(List<String> dirs) {
    return set("plugins", "directories", nonBlank(dirs));
  }

  /** @param enabled whether the TCP bridge runs @return this */
  public RuntimeOptions setTcpBridgeEnabled(boolean enabled) {
    return set("tcpBridge", "enabled", enabled);
  }

  /** @param port the TCP bridge's port, 0-65535 @return this */
  public RuntimeOptions setTcpBridgePort(int port) {
    return set("tcpBridge", "port", checkPort(port, 0, "TCP bridge port"));
  }

  // ---- options of newer areas: each area adds its own accessor below, parsing section("...") into its typed options
  // class, whose DEFAULT_* constants DefaultsAgreeTest compares with conf/runtime.json ----

  /** @return the {@code mcp} settings of the {@code /mcp} endpoint */
  public McpOptions mcp() {
    return McpOptions.fromJson(section("mcp"));
  }

  /** @return the {@code plugins.trust} block: whether plugins must be signed, and the trusted public keys */
  public TrustOptions trust() {
    return TrustOptions.fromJson(section("plugins").getJsonObject("trust", new JsonObject()));
  }

  /** @return the {@code logging} block ({@code format}: "text" or "json", {@code accessLog}), for console.LoggingOptions */
  public JsonObject logging() {
    return section("logging").copy();
  }

  /** @return the whole configuration as JSON */
  public JsonObject toJson() {
    return json.copy();
  }

  @Override
  TcpBridgeOptions tcpBridgeAsWritten() {
    return typed("tcpBridge", (JsonObject json) -> new TcpBridgeOptions(json));
  }

  @Override
  boolean tcpBridgeOn() {
    return live("tcpBridge").getBoolean("enabled", TcpBridgeOptions.DEFAULT_ENABLED);
  }

  @Override
  Path resolveHome(String path) {
    return resolve(path);
  }

  private Path resolve(String path) {
    return home.resolve(path).normalize();
  }
}

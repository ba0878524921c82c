package dev.dhii.runtime.config;

import dev.dhii.runtime.manifest.ResourceLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the runtime, read once at boot: the embedded defaults ({@code conf/runtime.json},
 * packaged as {@value #DEFAULTS_RESOURCE}), then an operator's file, then {@code DHII_*} environment
 * variables, then command-line flags. Relative paths resolve against {@link #home()}.
 */
public final class RuntimeOptions {

  /** Class-path resource holding the defaults (a copy of conf/runtime.json). */
  public static final String DEFAULTS_RESOURCE = "dev/dhii/runtime/config/runtime.json";

  private JsonObject json;
  /** The default of {@code limits.bufferedBytes}: 32 MiB, a quarter of the launcher's 128 MiB heap. */
  public static final long DEFAULT_BUFFERED_BYTES = 32L * 1024 * 1024;

  private final Path home;

  /** Creates options holding the embedded defaults, with the working directory as home. */
  public RuntimeOptions() {
    this(new JsonObject());
  }

  /** @param json a configuration in the form of conf/runtime.json, merged over the defaults */
  public RuntimeOptions(JsonObject json) {
    this.json = defaults().mergeIn(json, true);
    this.home = Path.of(System.getProperty("dhii.home", ".")).toAbsolutePath().normalize();
  }

  /** @param other options to copy */
  public RuntimeOptions(RuntimeOptions other) {
    this.json = other.json.copy();
    this.home = other.home;
  }

  private static JsonObject defaultsCache;

  private static synchronized JsonObject defaults() {
    if (defaultsCache == null) {
      try (InputStream in = RuntimeOptions.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("Missing class-path resource " + DEFAULTS_RESOURCE);
        }
        defaultsCache = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return defaultsCache.copy();
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
   * Applies {@code DHII_HTTP_HOST}, {@code DHII_HTTP_PORT}, {@code DHII_PLUGIN_DIRS} (comma-separated),
   * {@code DHII_DATA_DIR}, the JWT settings {@code DHII_JWT_SECRET}, {@code DHII_JWT_PUBLIC_KEY} (PEM;
   * {@code \n} escapes allowed) and {@code DHII_JWT_ALGORITHM} (an empty JWT variable is ignored),
   * {@code DHII_CLUSTER_MEMBERS} (comma-separated {@code host[:port]}), {@code DHII_CLUSTER_HOST},
   * {@code DHII_CLUSTER_PORT}, {@code DHII_EVENTBUS_PORT}, {@code DHII_TCP_BRIDGE_HOST} and
   * {@code DHII_TCP_BRIDGE_PORT}.
   *
   * @param env the environment
   * @return this
   */
  public RuntimeOptions applyEnvironment(Map<String, String> env) {
    if (env.containsKey("DHII_HTTP_HOST")) {
      setHttpHost(env.get("DHII_HTTP_HOST"));
    }
    if (env.containsKey("DHII_HTTP_PORT")) {
      setHttpPort(parsePort(env.get("DHII_HTTP_PORT"), "DHII_HTTP_PORT"));
    }
    if (env.containsKey("DHII_PLUGIN_DIRS")) {
      setPluginDirectories(Arrays.asList(env.get("DHII_PLUGIN_DIRS").split(",")));
    }
    if (env.containsKey("DHII_DATA_DIR")) {
      section("plugins").put("dataDirectory", env.get("DHII_DATA_DIR"));
    }
    applyJwtEnvironment(env, "DHII_JWT_SECRET", "secret");
    applyJwtEnvironment(env, "DHII_JWT_PUBLIC_KEY", "publicKey");
    applyJwtEnvironment(env, "DHII_JWT_ALGORITHM", "algorithm");
    if (env.containsKey("DHII_CLUSTER_MEMBERS")) {
      setClusterMembers(Arrays.asList(env.get("DHII_CLUSTER_MEMBERS").split(",")));
    }
    if (env.containsKey("DHII_CLUSTER_HOST")) {
      setClusterHost(env.get("DHII_CLUSTER_HOST"));
    }
    if (env.containsKey("DHII_CLUSTER_PORT")) {
      setClusterPort(parsePort(env.get("DHII_CLUSTER_PORT"), "DHII_CLUSTER_PORT"));
    }
    if (env.containsKey("DHII_EVENTBUS_PORT")) {
      setEventBusPort(parsePort(env.get("DHII_EVENTBUS_PORT"), "DHII_EVENTBUS_PORT"));
    }
    if (env.containsKey("DHII_TCP_BRIDGE_HOST")) {
      section("tcpBridge").put("host", env.get("DHII_TCP_BRIDGE_HOST"));
    }
    if (env.containsKey("DHII_TCP_BRIDGE_PORT")) {
      setTcpBridgePort(parsePort(env.get("DHII_TCP_BRIDGE_PORT"), "DHII_TCP_BRIDGE_PORT"));
    }
    return this;
  }

  private void applyJwtEnvironment(Map<String, String> env, String variable, String key) {
    String value = env.get(variable);
    if (value != null && !value.isBlank()) {
      JsonObject jwt = section("auth").getJsonObject("jwt");
      if (jwt == null) {
        jwt = new JsonObject();
        section("auth").put("jwt", jwt);
      }
      // a PEM key in one environment line comes with its newlines written as \n
      jwt.put(key, key.equals("publicKey") ? value.replace("\\n", "\n") : value);
    }
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

  private JsonObject section(String name) {
    JsonObject section = json.getJsonObject(name);
    if (section == null) {
      section = new JsonObject();
      json.put(name, section);
    }
    return section;
  }

  /** @return the directory relative paths resolve against (system property {@code dhii.home}, else the working directory) */
  public Path home() {
    return home;
  }

  /** @return the HTTP bridge's bind address (default 127.0.0.1) */
  public String httpHost() {
    return section("http").getString("host", "127.0.0.1");
  }

  /** @param host the HTTP bind address @return this */
  public RuntimeOptions setHttpHost(String host) {
    section("http").put("host", host);
    return this;
  }

  /** @return the HTTP port (default 8080; 0 picks a free one) */
  public int httpPort() {
    return section("http").getInteger("port", 8080);
  }

  /** @param port the HTTP port, 0-65535 @return this */
  public RuntimeOptions setHttpPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535: " + port);
    }
    section("http").put("port", port);
    return this;
  }

  /** @return HTTP verticle instances; 0 means one per event loop */
  public int httpInstances() {
    return section("http").getInteger("instances", 0);
  }

  /** @return the largest HTTP request body accepted at all (each plugin's own limit applies after) */
  public long httpMaxBodyBytes() {
    return section("http").getLong("maxBodyBytes", 16L * 1024 * 1024);
  }

  /** @return the WebSocket bridge's limits ({@code websocket.maxInFlight}, {@code websocket.maxFrameBytes}) */
  public WebSocketOptions webSocket() {
    return new WebSocketOptions(section("websocket"));
  }

  /** @return the plugin directories, resolved against home */
  public List<Path> pluginDirectories() {
    List<Path> dirs = new ArrayList<>();
    section("plugins").getJsonArray("directories", new JsonArray()).forEach(d -> dirs.add(resolve(String.valueOf(d))));
    return dirs;
  }

  /** @param dirs plugin directories (relative to home or absolute) @return this */
  public RuntimeOptions setPluginDirectories(List<String> dirs) {
    JsonArray array = new JsonArray();
    dirs.stream().map(String::trim).filter(d -> !d.isEmpty()).forEach(array::add);
    section("plugins").put("directories", array);
    return this;
  }

  /** @return the root of the plugins' data directories, resolved against home */
  public Path dataDirectory() {
    return resolve(section("plugins").getString("dataDirectory", "data"));
  }

  /** @return the directory of the Python SDK process plugins import ({@code process.sdkPath}), resolved against home */
  public Path processSdkPath() {
    return resolve(section("process").getString("sdkPath", "runtime/sdk-python"));
  }

  /** @return how long a process plugin has to connect and announce its capabilities */
  public long processReadyTimeoutMs() {
    return section("process").getLong("readyTimeoutMs", 10_000L);
  }

  /** @return how long each step of stopping a process plugin may take (shutdown request, SIGTERM) before the next */
  public long processStopTimeoutMs() {
    return section("process").getLong("stopTimeoutMs", 5_000L);
  }

  // --- process sandbox and faults (process.sandbox, process.sandboxUid, process.recycleOverrunning) ---

  /** @return {@code process.sandbox}: {@code auto} (bubblewrap where it works, the default), {@code off} or {@code required} */
  public String processSandbox() {
    return section("process").getString("sandbox", "auto");
  }

  /** @return {@code process.sandboxUid}: the uid and gid of sandboxed processes when the runtime is root (65534) */
  public int processSandboxUid() {
    return section("process").getInteger("sandboxUid", 65534);
  }

  /** @return {@code process.recycleOverrunning}: overrunning calls at which a process is replaced (0: its concurrency) */
  public int processRecycleOverrunning() {
    return section("process").getInteger("recycleOverrunning", 0);
  }

  // --- end of process sandbox and faults ---

  /** @return the deadline of each lifecycle step (onLoad, onReady, onUnload) */
  public long stepTimeoutMs() {
    return section("lifecycle").getLong("stepTimeoutMs", 30_000L);
  }

  /** @return how long a plugin being unloaded may take to finish its in-flight calls */
  public long drainTimeoutMs() {
    return section("lifecycle").getLong("drainTimeoutMs", 30_000L);
  }

  /** @return the deadline of one plugin health check */
  public long healthCheckTimeoutMs() {
    return section("lifecycle").getLong("healthCheckTimeoutMs", 2_000L);
  }

  /** @return the resource limits of a plugin whose manifest does not set them */
  public ResourceLimits defaultResources() {
    return ResourceLimits.fromJson(section("defaults").getJsonObject("resources", new JsonObject()))
      .withDefaults(ResourceLimits.DEFAULTS);
  }

  /** @return the resilience settings ({@code retry}, {@code circuitBreaker}) of a plugin whose manifest does not set them */
  public JsonObject defaultResilience() {
    return section("defaults").getJsonObject("resilience", new JsonObject()).copy();
  }

  /** @return the {@code auth} settings ({@code jwt}: algorithm, secret, publicKey, issuer, audience, leewaySeconds) */
  public JsonObject auth() {
    return section("auth").copy();
  }

  /** @return the {@code telemetry} section: service name, tracing, metrics (export is set by {@code OTEL_*}) */
  public TelemetryOptions telemetry() {
    return new TelemetryOptions(section("telemetry"));
  }

  /** @return the Hazelcast configuration file, resolved against home (the embedded copy is used when it is missing) */
  public Path clusterConfig() {
    return resolve(section("cluster").getString("config", "conf/cluster.xml"));
  }

  /** @return the cluster's name (only members with the same name join), or null to keep the Hazelcast file's */
  public String clusterName() {
    return section("cluster").getString("name");
  }

  /** @return the cluster members to join ({@code host[:port]}); empty keeps those of the Hazelcast file */
  public List<String> clusterMembers() {
    List<String> members = new ArrayList<>();
    section("cluster").getJsonArray("members", new JsonArray()).forEach(m -> members.add(String.valueOf(m)));
    return members;
  }

  /** @param members {@code host[:port]} of the members to join; blanks are dropped @return this */
  public RuntimeOptions setClusterMembers(List<String> members) {
    JsonArray array = new JsonArray();
    members.stream().map(String::trim).filter(m -> !m.isEmpty()).forEach(array::add);
    section("cluster").put("members", array);
    return this;
  }

  /** @return the interface the cluster (Hazelcast and the event bus) binds to (default 127.0.0.1) */
  public String clusterHost() {
    return section("cluster").getString("host", "127.0.0.1");
  }

  /** @param host the cluster's interface @return this */
  public RuntimeOptions setClusterHost(String host) {
    section("cluster").put("host", host);
    return this;
  }

  /** @return Hazelcast's first port (default 5701; the next free one is taken when it is in use) */
  public int clusterPort() {
    return section("cluster").getInteger("port", 5701);
  }

  /** @param port Hazelcast's first port, 1-65535 @return this */
  public RuntimeOptions setClusterPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("cluster port must be 1-65535: " + port);
    }
    section("cluster").put("port", port);
    return this;
  }

  /** @return the clustered event bus's bind address: {@code cluster.eventBusHost}, else the cluster host */
  public String eventBusHost() {
    return section("cluster").getString("eventBusHost", clusterHost());
  }

  /** @return the clustered event bus's port (default 0: any free port) */
  public int eventBusPort() {
    return section("cluster").getInteger("eventBusPort", 0);
  }

  /** @param port the clustered event bus's port, 0-65535 (0: any free port) @return this */
  public RuntimeOptions setEventBusPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("event bus port must be 0-65535: " + port);
    }
    section("cluster").put("eventBusPort", port);
    return this;
  }

  /** @return how much longer than a call's deadline a bridge waits for another node's answer */
  public long clusterReplyGraceMs() {
    return section("cluster").getLong("replyGraceMs", 2_000L);
  }

  /** @return the deadline of a cluster-wide listing: nodes that do not answer in time are listed as unreachable */
  public long clusterInfoTimeoutMs() {
    return section("cluster").getLong("infoTimeoutMs", 2_000L);
  }

  /** @return Hazelcast properties set over those of the Hazelcast file (name to value) */
  public JsonObject clusterProperties() {
    return section("cluster").getJsonObject("properties", new JsonObject()).copy();
  }

  /** @return whether the TCP event bus bridge runs (default true) */
  public boolean tcpBridgeEnabled() {
    return section("tcpBridge").getBoolean("enabled", true);
  }

  /** @return the TCP bridge's bind address (default 127.0.0.1) */
  public String tcpBridgeHost() {
    return section("tcpBridge").getString("host", "127.0.0.1");
  }

  /** @return the TCP bridge's port (default 7000; 0 picks a free one) */
  public int tcpBridgePort() {
    return section("tcpBridge").getInteger("port", 7000);
  }

  /** @param port the TCP bridge's port, 0-65535 @return this */
  public RuntimeOptions setTcpBridgePort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("TCP bridge port must be 0-65535: " + port);
    }
    section("tcpBridge").put("port", port);
    return this;
  }

  /** @param enabled whether the TCP bridge runs @return this */
  public RuntimeOptions setTcpBridgeEnabled(boolean enabled) {
    section("tcpBridge").put("enabled", enabled);
    return this;
  }

  /** @return the largest frame the TCP bridge accepts; a larger one is refused and its connection closed */
  public int tcpBridgeMaxFrameBytes() {
    return section("tcpBridge").getInteger("maxFrameBytes", dev.dhii.runtime.config.TcpBridgeOptions.DEFAULT_MAX_FRAME_BYTES);
  }

  // --- Python process plugins: interpreter and per-plugin virtual environments (issue 9) ---

  /** @return the interpreter of Python process plugins served from an entrypoint ({@code process.python}, default python3) */
  public String processPython() {
    return section("process").getString("python", "python3");
  }

  /** @return where the plugins' virtual environments live ({@code process.venvDirectory}, default {@code <dataDirectory>/.venvs}) */
  public Path processVenvDirectory() {
    String dir = section("process").getString("venvDirectory");
    return dir == null ? dataDirectory().resolve(".venvs") : resolve(dir);
  }

  /** @return the deadline of making one virtual environment, pip included ({@code process.venvTimeoutMs}, default 600000) */
  public long processVenvTimeoutMs() {
    return section("process").getLong("venvTimeoutMs", 600_000L);
  }

  /**
   * @param env the environment ({@code DHII_PIP_ARGS}: extra arguments, split on spaces)
   * @return extra arguments of {@code pip install}: {@code process.pipArgs}, then {@code DHII_PIP_ARGS}
   */
  public List<String> processPipArgs(Map<String, String> env) {
    List<String> args = new java.util.ArrayList<>();
    section("process").getJsonArray("pipArgs", new JsonArray()).forEach(a -> args.add(String.valueOf(a)));
    String extra = env.get("DHII_PIP_ARGS");
    if (extra != null && !extra.isBlank()) {
      args.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    return args;
  }

  // --- end of the Python process plugin block ---

  // ---- network edge bounds: the shared buffering budget ("limits") and the HTTP server ("httpServer") ----

  /**
   * @return the bytes all requests still in progress may buffer together ({@code limits.bufferedBytes}, default
   *         32 MiB, a quarter of the launcher's 128 MiB heap); 0 or less removes the bound
   */
  public long bufferedBytesBudget() {
    return section("limits").getLong("bufferedBytes", DEFAULT_BUFFERED_BYTES);
  }

  /** @return the HTTP server's connection, timing and TLS bounds ({@code httpServer}); TLS paths resolved against home */
  public HttpEdgeOptions httpEdge() {
    HttpEdgeOptions o = HttpEdgeOptions.fromJson(section("httpServer"));
    if (!o.tls()) {
      return o;
    }
    return new HttpEdgeOptions(o.maxConnections(), o.maxConnectionsPerAddress(), o.headerTimeoutMs(),
      o.bodyIdleTimeoutMs(), o.bodyTimeoutMs(), o.idleTimeoutMs(), o.maxInitialLineBytes(), o.maxHeaderBytes(),
      resolve(o.tlsCertPath()).toString(), resolve(o.tlsKeyPath()).toString());
  }

  // --- TCP bridge limits, timeouts and TLS (tcpBridge.maxBufferedBytes, maxConnections, ..., tls) ---------

  /** @return every {@code tcpBridge} setting: address, frame and buffer bounds, connection bounds, timeouts, TLS */
  public dev.dhii.runtime.config.TcpBridgeOptions tcpBridge() {
    dev.dhii.runtime.config.TcpBridgeOptions o = new dev.dhii.runtime.config.TcpBridgeOptions(section("tcpBridge"));
    // PEM paths resolve against the runtime's home, as httpServer.tls's do
    return o.isTls() ? o.setTls(resolve(o.getTlsCertFile()).toString(), resolve(o.getTlsKeyFile()).toString()) : o;
  }

  // --- end of TCP bridge limits ---------------------------------------------------------------------------

  // --- logging: format and access log (logging.format, logging.accessLog; read by console.LoggingOptions) --

  /** @return the {@code logging} block ({@code format}: "text" or "json", {@code accessLog}: boolean), a copy */
  public JsonObject logging() {
    return section("logging").copy();
  }

  // --- end of logging -------------------------------------------------------------------------------------

  /** @return the whole configuration as JSON */
  public JsonObject toJson() {
    return json.copy();
  }

  private Path resolve(String path) {
    return home.resolve(path).normalize();
  }
}

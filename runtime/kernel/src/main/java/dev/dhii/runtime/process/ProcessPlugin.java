package dev.dhii.runtime.process;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.api.Capability;
import dev.dhii.api.ExecutionContext;
import dev.dhii.api.HealthStatus;
import dev.dhii.api.Plugin;
import dev.dhii.api.PluginAuthenticationException;
import dev.dhii.api.PluginConfigurationException;
import dev.dhii.api.PluginContext;
import dev.dhii.api.PluginException;
import dev.dhii.api.PluginNetworkException;
import dev.dhii.api.PluginValidationException;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A {@code "runtime": "process"} plugin (DESIGN §11) seen from the kernel: an ordinary {@link Plugin}
 * whose capabilities are served by a supervised child process. The process (any language; the Python
 * SDK in {@code runtime/sdk-python} speaks the protocol) connects to the TCP event bus bridge, registers
 * {@code dhii.proc.<id>.<token>.calls} and announces its capabilities with their JSON Schemas on
 * {@code dhii.proc.<id>.<token>.announce}; the token is new for each generation and only the process
 * gets it (environment). Every call still goes through the kernel's whole pipeline (validation,
 * breaker, bulkhead, deadline, telemetry) and only then to the process, as an event bus request.
 * <p>
 * Supervision: the process must announce within the ready timeout; if it exits while the plugin is
 * loaded it is started again after a backoff (1 s doubling to 30 s, reset by a successful
 * announcement), and calls meanwhile fail at once with NETWORK, nothing done (so idempotent ones are
 * retried); a restarted process must announce the same capabilities. Unloading asks the process to
 * shut down, then sends SIGTERM, then SIGKILL, each after the stop timeout.
 */
public final class ProcessPlugin implements Plugin {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessPlugin.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long MAX_BACKOFF_MS = 30_000;
  private static final long MEMORY_CHECK_MS = 1_000;

  private final PluginManifest manifest;
  private final ProcessSupport support;
  private volatile String token;
  private volatile String callsAddress;
  private volatile String announceAddress;
  private Vertx vertx;
  private JsonObject config;
  private MessageConsumer<JsonObject> announcements;
  private volatile Process process;
  private volatile boolean connected;
  private volatile boolean stopping;
  private volatile String down = "not started";
  /** Why the runtime killed the current process (its memory bound), or null. */
  private volatile String killedFor;
  private volatile List<Capability<?, ?>> capabilities = List.of();
  private volatile TreeSet<String> announcedIds;
  private Promise<Void> ready;
  private final ProcessCalls held = new ProcessCalls();
  /** Recycling: the replacement's token until it announces, and the process it replaces, finishing its calls. */
  private volatile String nextToken;
  private volatile Process retiring;
  private MessageConsumer<JsonObject> nextAnnouncements;
  private volatile String isolation = ProcessLauncher.PROCESS;
  private volatile long backoffMs = 1000;
  private final LaunchSpec launch;
  /** Capabilities announced with apiVersion 1: their results are checked leniently. */
  private volatile java.util.Set<String> lenient = java.util.Set.of();
  private final java.util.concurrent.atomic.AtomicLong callIds = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param manifest the plugin's manifest ({@code runtime: process}, {@code command})
   * @param support the bridge and SDK the process needs
   */
  public ProcessPlugin(PluginManifest manifest, ProcessSupport support) {
    this.manifest = manifest;
    this.support = support;
    this.token = newToken();
    this.callsAddress = callsAddress(token);
    this.announceAddress = announceAddress(token);
    this.launch = support.launch() != null ? support.launch() : ProcessCommand.plain(manifest, support.sdkPath());
  }

  @Override
  public Future<Void> onLoad(PluginContext ctx, JsonObject config) {
    if (manifest.command().isEmpty() && !manifest.servedBySdk()) {
      return Future.failedFuture(new PluginConfigurationException("A process plugin needs a command or an entrypoint"));
    }
    if (support.bridgePort().getAsInt() <= 0) {
      return Future.failedFuture(new PluginConfigurationException(
        "Process plugins reach the runtime through the TCP bridge, which is disabled (tcpBridge.enabled)"));
    }
    this.vertx = ctx.vertx();
    this.config = config == null ? new JsonObject() : config;
    ready = Promise.promise();
    announcements = vertx.eventBus().localConsumer(announceAddress, this::announced);
    return announcements.completion().compose(v -> {
      try {
        isolation = support.launcher().isolation();
        start();
      } catch (IOException | IllegalStateException e) {
        announcements.unregister();
        return Future.failedFuture(new PluginConfigurationException("Command " + launch.argv() + " of plugin "
          + manifest.id() + " cannot be started: " + e.getMessage(), e));
      }
      return ready.future().timeout(support.readyTimeoutMs(), TimeUnit.MILLISECONDS).recover(e -> {
        stopping = true;
        kill();
        announcements.unregister();
        String why = e instanceof java.util.concurrent.TimeoutException
          ? "did not announce its capabilities within " + support.readyTimeoutMs() + " ms" : e.getMessage();
        return Future.failedFuture(new PluginConfigurationException("Process of plugin " + manifest.id() + " " + why, e));
      });
    });
  }

  private void start() throws IOException {
    launch(token);
  }

  /** Starts a process for a token through the {@link ProcessLauncher} (environment allow-list, sandbox). */
  private void launch(String processToken) throws IOException {
    LaunchSpec spec = launch;
    Map<String, String> env = new LinkedHashMap<>();
    environment(env, manifest, config, support.sdkPath());
    env.put("DHII_PLUGIN_DIR", manifest.directory().toString());
    env.put("DHII_PLUGIN_DATA", spec.dataDir().toString());
    env.putAll(spec.extraEnv());
    env.put("DHII_BRIDGE_HOST", support.bridgeHost());
    env.put("DHII_BRIDGE_PORT", Integer.toString(support.bridgePort().getAsInt()));
    env.put("DHII_PLUGIN_TOKEN", processToken);
    env.put("DHII_PLUGIN_CALLS", callsAddress(processToken));
    env.put("DHII_PLUGIN_ANNOUNCE", announceAddress(processToken));
    env.put("DHII_PLUGIN_CONCURRENCY", Integer.toString(support.concurrency()));
    killedFor = null;
    Process started = support.launcher().start(spec, manifest, env);
    process = started;
    if (stopping) { // unloaded while a restart was starting it: it must not outlive the plugin
      started.destroyForcibly();
      return;
    }
    down = "starting";
    LOG.info("plugin process started pluginId={} pid={} isolation={} command={}", manifest.id(), started.pid(), isolation,
      launch.argv());
    started.onExit().thenAccept(p -> vertx.runOnContext(v -> exited(p)));
    watchMemory(started);
  }

  /** What to run: the manifest's command in the plugin's directory, writing its data directory. */
  static String newToken() {
    byte[] secret = new byte[16];
    RANDOM.nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }

  private String callsAddress(String processToken) {
    return Addresses.processCalls(manifest.id(), processToken);
  }

  private String announceAddress(String processToken) {
    return Addresses.processAnnounce(manifest.id(), processToken);
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
  public static void environment(Map<String, String> env, PluginManifest manifest, JsonObject config, java.nio.file.Path sdkPath) {
    env.put("DHII_PLUGIN_ID", manifest.id());
    env.put("DHII_PLUGIN_CONFIG", config.encode());
    String sdk = sdkPath.toString();
    String pythonPath = env.get("PYTHONPATH");
    env.put("PYTHONPATH", pythonPath == null || pythonPath.isEmpty() ? sdk : sdk + File.pathSeparator + pythonPath);
  }

  /**
   * With {@code maxMemoryMb}, reads the process's resident memory every second (Linux /proc) and kills it
   * past the bound; supervision then starts it again, as after a crash.
   */
  private void watchMemory(Process watched) {
    if (support.maxMemoryMb() <= 0) {
      return;
    }
    long limitKb = support.maxMemoryMb() * 1024L;
    vertx.setPeriodic(MEMORY_CHECK_MS, timer -> {
      if (!watched.isAlive() || stopping) {
        vertx.cancelTimer(timer);
        return;
      }
      // the plugin's program: under bubblewrap a descendant of the process started (found off the event loop)
      vertx.executeBlocking(() -> "/proc/" + ProcessLauncher.program(watched.toHandle()).pid() + "/status", false)
        .compose(status -> vertx.fileSystem().readFile(status)).onSuccess(buffer -> {
        long rssKb = residentKb(buffer.toString());
        if (rssKb > limitKb && watched.isAlive() && !stopping) {
          vertx.cancelTimer(timer);
          killedFor = "killed: resident memory " + rssKb / 1024 + " MiB above maxMemoryMb " + support.maxMemoryMb();
          LOG.warn("plugin process of {} {}", manifest.id(), killedFor);
          watched.destroyForcibly();
        }
      }).onFailure(e -> {
        if (watched.isAlive()) { // no /proc here: the bound cannot be watched
          LOG.warn("plugin {}: maxMemoryMb cannot be enforced here ({}); not watched", manifest.id(), e.getMessage());
        }
        vertx.cancelTimer(timer);
      });
    });
  }

  /**
   * @param status the text of a Linux {@code /proc/<pid>/status} file
   * @return its {@code VmRSS} (resident memory) in KiB, or 0 if it has none
   */
  public static long residentKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String digits = line.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
      }
    }
    return 0;
  }

  private void announced(Message<JsonObject> message) {
    JsonObject body = message.body();
    String from = body == null ? null : body.getString("token");
    boolean replacement = from != null && from.equals(nextToken);
    if (body == null || !token.equals(from) && !replacement) {
      LOG.warn("announcement for plugin {} with a wrong token ignored", manifest.id());
      return;
    }
    List<Capability<?, ?>> parsed;
    try {
      parsed = parse(body.getJsonArray("capabilities"));
    } catch (RuntimeException e) {
      fail("announced malformed capabilities: " + e.getMessage());
      return;
    }
    TreeSet<String> ids = new TreeSet<>();
    parsed.forEach(c -> ids.add(c.id()));
    if (announcedIds != null && !announcedIds.equals(ids)) {
      fail("announced " + ids + " after restarting, not " + announcedIds + ": redeploy the plugin");
      return;
    }
    announcedIds = ids;
    if (replacement) {
      ProcessRecycling.switchTo(this, from);
    }
    capabilities = parsed;
    connected = true;
    down = null;
    backoffMs = 1000;
    LOG.info("plugin process ready pluginId={} capabilities={}", manifest.id(), ids);
    ready.tryComplete();
  }

  private void fail(String why) {
    LOG.warn("plugin process of {} {}", manifest.id(), why);
    down = why;
    connected = false;
    if (ready.tryFail(why)) {
      return;
    }
    Process p = process;
    if (p != null) {
      p.destroy();
    }
  }

  private List<Capability<?, ?>> parse(JsonArray announced) {
    if (announced == null) {
      throw new IllegalArgumentException("no capabilities array");
    }
    Map<String, Capability<?, ?>> parsed = new LinkedHashMap<>();
    java.util.Set<String> v1 = new java.util.HashSet<>(manifest.apiVersion() == 1 ? List.of("*") : List.of());
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
        .handler((input, ctx) -> call(id, input, ctx));
      Announcements.details(builder, c);
      if (Announcements.apiVersion(c, manifest.apiVersion()) == 1) {
        v1.add(id);
      }
      if (parsed.put(id, builder.build()) != null) {
        throw new IllegalArgumentException(id + " announced twice");
      }
    }
    lenient = java.util.Set.copyOf(v1);
    return List.copyOf(parsed.values());
  }

  /**
   * @param capabilityId an announced capability
   * @return whether its results are passed on leniently (announced with apiVersion 1, or a v1 manifest)
   */
  public boolean lenient(String capabilityId) {
    java.util.Set<String> v1 = lenient;
    return v1.contains("*") || v1.contains(capabilityId);
  }

  private void exited(Process p) {
    String killed = killedFor;
    // calls the process had taken will never be answered: they fail now, not at their deadline
    for (ProcessCalls.Call pending : held.of(p)) {
      held.remove(pending);
      pending.result.tryFail(new PluginNetworkException("The process of plugin " + manifest.id() + " exited (status "
        + p.exitValue() + (killed != null && p == process ? ", " + killed : "") + ") during the call", null, false));
    }
    if (p == retiring) {
      retiring = null;
      LOG.info("plugin process retired pluginId={} pid={}", manifest.id(), p.pid());
      return;
    }
    if (p != process) {
      return;
    }
    connected = false;
    ProcessRecycling.abandon(this);
    if (stopping) {
      return;
    }
    down = (killed != null ? killed + "; " : "") + "process exited with status " + p.exitValue();
    if (!ready.future().isComplete()) {
      ready.tryFail("exited with status " + p.exitValue() + " before announcing its capabilities");
      return;
    }
    long delay = backoffMs;
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    LOG.warn("plugin process exited pluginId={} status={}: restarting in {} ms", manifest.id(), p.exitValue(), delay);
    vertx.setTimer(delay, t -> {
      if (stopping) {
        return;
      }
      // fork and exec off the event loop
      vertx.executeBlocking(() -> {
        start();
        return null;
      }, false).onFailure(e -> {
        down = "cannot be restarted: " + e.getMessage();
        LOG.error("plugin process of {} cannot be restarted: {}", manifest.id(), e.toString());
      });
    });
  }

  private Future<JsonObject> call(String capabilityId, JsonObject input, ExecutionContext ctx) {
    if (!connected) {
      return Future.failedFuture(new PluginNetworkException("The process of plugin " + manifest.id() + " is not connected ("
        + down + ")", null, true));
    }
    long remaining = Math.max(1, ctx.deadline().toEpochMilli() - System.currentTimeMillis());
    String callId = Long.toString(callIds.incrementAndGet());
    JsonObject request = new JsonObject().put("capability", capabilityId).put("callId", callId).put("input", input)
      .put("requestId", ctx.requestId()).put("userId", ctx.userId())
      .put("deadlineEpochMs", ctx.deadline().toEpochMilli())
      .put("traceparent", ctx.traceContext().get("traceparent"));
    Promise<JsonObject> result = Promise.promise();
    // while a replacement starts, calls still go to the process being replaced, on its address
    ProcessCalls.Call sent = held.add(nextToken != null && retiring != null ? retiring : process, result);
    String address = callsAddress;
    // the caller cancelled or the deadline passed while the process has the call: tell it (no reply)
    ctx.cancellation().onCancel(() -> {
      if (!result.future().isComplete() && connected) {
        vertx.eventBus().send(address, Announcements.cancel(callId, ctx.cancellation().reason()));
      }
    });
    // the kernel's own deadline answers the caller; past it (and a grace) a call not answered is overrunning,
    // and the reply handler waits on for its late reply, which is when the process is free again
    long overrun = vertx.setTimer(remaining + ProcessRecycling.OVERRUN_GRACE_MS, t -> ProcessRecycling.overran(this, sent, ctx));
    vertx.eventBus().<JsonObject>request(address, request,
        new DeliveryOptions().setSendTimeout(remaining + ProcessRecycling.LATE_REPLY_MS))
      .transform(ar -> ar.succeeded() ? answer(capabilityId, ar.result().body()) : Future.failedFuture(unreachable(ar.cause())))
      .onComplete(ar -> {
        vertx.cancelTimer(overrun);
        held.remove(sent);
        // a process that exited mid-call failed this call already: complete it once only
        if (ar.succeeded()) {
          result.tryComplete(ar.result());
        } else {
          result.tryFail(ar.cause());
        }
        ProcessRecycling.retireIfIdle(this, sent.process);
      });
    return result.future();
  }

  private Throwable unreachable(Throwable failure) {
    if (failure instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
      return new PluginNetworkException("The process of plugin " + manifest.id() + " is not connected", failure, true);
    }
    return new PluginNetworkException("The process of plugin " + manifest.id() + " did not answer: " + failure.getMessage(), failure, false);
  }

  private static Future<JsonObject> answer(String capabilityId, JsonObject reply) {
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
      case "CANCELLED" -> new dev.dhii.api.CancelledException(message);
      case "AUTHENTICATION" -> new PluginAuthenticationException(message);
      case "AUTHORIZATION" -> new PluginAuthenticationException(message, true);
      case "NETWORK" -> new PluginNetworkException(message, null, nothingDone);
      // the process is stopping: nothing was done, so a safe call may go elsewhere or be retried
      case "UNAVAILABLE" -> new PluginNetworkException(message, null, true);
      case "CONFIGURATION" -> new PluginConfigurationException(message);
      default -> new PluginException(message);
    };
    return Future.failedFuture(failure);
  }

  @Override
  public List<Capability<?, ?>> capabilities() {
    return capabilities;
  }

  @Override
  public Future<HealthStatus> healthCheck() {
    if (!connected) {
      return Future.succeededFuture(HealthStatus.down("process " + (down == null ? "not connected" : down)));
    }
    int overrunning = held.overrunning();
    return vertx.eventBus().<JsonObject>request(callsAddress, new JsonObject().put("control", "health"),
        new DeliveryOptions().setSendTimeout(support.stopTimeoutMs()))
      .map(reply -> "UP".equals(reply.body().getString("status"))
        ? overrunning == 0 ? HealthStatus.up() : ProcessRecycling.degraded(overrunning)
        : HealthStatus.down(reply.body().getString("detail", "the process says DOWN")))
      .otherwise(e -> HealthStatus.down("process did not answer its health check: " + e.getMessage()));
  }

  @Override
  public Future<Void> onUnload() {
    stopping = true;
    ProcessRecycling.abandon(this);
    Process p = process;
    if (announcements != null) {
      announcements.unregister();
    }
    if (p == null || !p.isAlive()) {
      return Future.succeededFuture();
    }
    Future<Void> asked = connected
      ? vertx.eventBus().request(callsAddress, new JsonObject().put("control", "shutdown"),
        new DeliveryOptions().setSendTimeout(support.stopTimeoutMs())).mapEmpty()
      : Future.succeededFuture();
    return asked.recover(e -> Future.succeededFuture())
      .compose(v -> exit(p, support.stopTimeoutMs()))
      .compose(gone -> {
        if (gone) {
          return Future.succeededFuture(true);
        }
        LOG.warn("plugin process of {} still running after shutdown: SIGTERM", manifest.id());
        p.destroy();
        return exit(p, support.stopTimeoutMs());
      })
      .compose(gone -> {
        if (!gone) {
          LOG.warn("plugin process of {} still running after SIGTERM: SIGKILL", manifest.id());
          p.destroyForcibly();
        }
        connected = false;
        return Future.<Void>succeededFuture();
      });
  }

  private Future<Boolean> exit(Process p, long timeoutMs) {
    Promise<Boolean> gone = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, t -> gone.tryComplete(false));
    p.onExit().thenAccept(x -> {
      vertx.cancelTimer(timer);
      gone.tryComplete(true);
    });
    return gone.future();
  }

  private void kill() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  /** @return calls whose deadline passed while their process has not answered yet */
  public int overrunning() {
    return held.overrunning();
  }

  /** @return how the process is isolated: {@value ProcessLauncher#NAMESPACES} or {@value ProcessLauncher#PROCESS} */
  public String isolation() {
    return isolation;
  }

  // recycling (ProcessRecycling) reads and switches these
  Vertx vertx() {
    return vertx;
  }

  PluginManifest manifest() {
    return manifest;
  }

  ProcessSupport support() {
    return support;
  }

  ProcessCalls held() {
    return held;
  }

  Process current() {
    return process;
  }

  boolean serving() {
    return connected && !stopping;
  }

  Process retiring() {
    return retiring;
  }

  String nextToken() {
    return nextToken;
  }

  /** Starts the replacement of the current process under a new token; it serves once it announces. */
  void startReplacement(String fresh, Process replaced) {
    nextToken = fresh;
    nextAnnouncements = vertx.eventBus().localConsumer(announceAddress(fresh), this::announced);
    nextAnnouncements.completion().compose(v -> vertx.executeBlocking(() -> {
      retiring = replaced;
      launch(fresh);
      return null;
    }, false)).onFailure(e -> {
      LOG.error("plugin process of {} cannot be replaced: {}", manifest.id(), e.toString());
      dropReplacement();
    });
  }

  /** The replacement announced: new calls go to it; the replaced process finishes what it has. */
  void switchAddresses(String fresh) {
    MessageConsumer<JsonObject> previous = announcements;
    announcements = nextAnnouncements;
    nextAnnouncements = null;
    token = fresh;
    callsAddress = callsAddress(fresh);
    announceAddress = announceAddress(fresh);
    nextToken = null;
    if (previous != null) {
      previous.unregister();
    }
  }

  /** Forgets a replacement that did not announce (or the plugin stops): the replaced process is killed. */
  void dropReplacement() {
    nextToken = null;
    if (nextAnnouncements != null) {
      nextAnnouncements.unregister();
      nextAnnouncements = null;
    }
    Process old = retiring;
    if (old != null) {
      old.destroyForcibly();
    }
  }

  /** @return the process's pid, or -1 when it is not running (for tests and listings) */
  public long pid() {
    Process p = process;
    return p != null && p.isAlive() ? ProcessLauncher.program(p.toHandle()).pid() : -1;
  }
}

package dev.dhii.runtime.process;

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
  private final String token;
  private final String callsAddress;
  private final String announceAddress;
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
  private final java.util.Set<Promise<JsonObject>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
    byte[] secret = new byte[16];
    RANDOM.nextBytes(secret);
    this.token = HexFormat.of().formatHex(secret);
    this.callsAddress = "dhii.proc." + manifest.id() + "." + token + ".calls";
    this.announceAddress = "dhii.proc." + manifest.id() + "." + token + ".announce";
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
        start();
      } catch (IOException e) {
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
    ProcessBuilder builder = new ProcessBuilder(launch.argv()).directory(launch.workDir().toFile())
      .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> env = builder.environment();
    environment(env, manifest, config, support.sdkPath());
    env.putAll(launch.extraEnv());
    env.put("DHII_BRIDGE_HOST", support.bridgeHost());
    env.put("DHII_BRIDGE_PORT", Integer.toString(support.bridgePort().getAsInt()));
    env.put("DHII_PLUGIN_TOKEN", token);
    env.put("DHII_PLUGIN_CALLS", callsAddress);
    env.put("DHII_PLUGIN_ANNOUNCE", announceAddress);
    env.put("DHII_PLUGIN_CONCURRENCY", Integer.toString(support.concurrency()));
    killedFor = null;
    Process started = builder.start();
    process = started;
    if (stopping) { // unloaded while a restart was starting it: it must not outlive the plugin
      started.destroyForcibly();
      return;
    }
    down = "starting";
    LOG.info("plugin process started pluginId={} pid={} command={}", manifest.id(), started.pid(), launch.argv());
    started.onExit().thenAccept(p -> vertx.runOnContext(v -> exited(p)));
    watchMemory(started);
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
    java.nio.file.Path status = java.nio.file.Path.of("/proc", Long.toString(watched.pid()), "status");
    long limitKb = support.maxMemoryMb() * 1024L;
    vertx.setPeriodic(MEMORY_CHECK_MS, timer -> {
      if (!watched.isAlive() || stopping) {
        vertx.cancelTimer(timer);
        return;
      }
      vertx.fileSystem().readFile(status.toString()).onSuccess(buffer -> {
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
    if (body == null || !token.equals(body.getString("token"))) {
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
    if (p != process) {
      return;
    }
    connected = false;
    String killed = killedFor;
    // calls the process had taken will never be answered: they fail now, not at their deadline
    for (Promise<JsonObject> pending : List.copyOf(inFlight)) {
      pending.tryFail(new PluginNetworkException("The process of plugin " + manifest.id() + " exited (status "
        + p.exitValue() + (killed != null ? ", " + killed : "") + ") during the call", null, false));
    }
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
    inFlight.add(result);
    // the caller cancelled or the deadline passed while the process has the call: tell it (no reply)
    ctx.cancellation().onCancel(() -> {
      if (!result.future().isComplete() && connected) {
        vertx.eventBus().send(callsAddress, Announcements.cancel(callId, ctx.cancellation().reason()));
      }
    });
    // the kernel's own deadline answers the caller; this one only frees the reply handler
    vertx.eventBus().<JsonObject>request(callsAddress, request, new DeliveryOptions().setSendTimeout(remaining + 1000))
      .transform(ar -> ar.succeeded() ? answer(capabilityId, ar.result().body()) : Future.failedFuture(unreachable(ar.cause())))
      .onComplete(ar -> {
        inFlight.remove(result);
        result.handle(ar);
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
    return vertx.eventBus().<JsonObject>request(callsAddress, new JsonObject().put("control", "health"),
        new DeliveryOptions().setSendTimeout(support.stopTimeoutMs()))
      .map(reply -> "UP".equals(reply.body().getString("status")) ? HealthStatus.up()
        : HealthStatus.down(reply.body().getString("detail", "the process says DOWN")))
      .otherwise(e -> HealthStatus.down("process did not answer its health check: " + e.getMessage()));
  }

  @Override
  public Future<Void> onUnload() {
    stopping = true;
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

  /** @return the process's pid, or -1 when it is not running (for tests and listings) */
  public long pid() {
    Process p = process;
    return p != null && p.isAlive() ? p.pid() : -1;
  }
}

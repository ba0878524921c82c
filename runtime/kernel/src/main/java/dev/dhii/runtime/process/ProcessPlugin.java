package dev.dhii.runtime.process;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.api.Capability;
import dev.dhii.api.ExecutionContext;
import dev.dhii.api.HealthStatus;
import dev.dhii.api.Plugin;
import dev.dhii.api.PluginConfigurationException;
import dev.dhii.api.PluginContext;
import dev.dhii.api.PluginNetworkException;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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

  private final PluginManifest manifest;
  private final ProcessSupport support;
  private volatile String token;
  private volatile String callsAddress;
  private volatile String announceAddress;
  private Vertx vertx;
  private JsonObject config;
  private MessageConsumer<JsonObject> announcements;
  private volatile Process process;
  /** The last lines the current process printed on stderr. */
  private volatile StderrTail stderr = StderrTail.none();
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
  private volatile long backoffMs = ProcessSupervision.FIRST_BACKOFF_MS;
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
    this.token = ProcessWire.newToken();
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
    Map<String, String> env = ProcessWire.launchEnvironment(manifest, config, support, spec, processToken);
    killedFor = null;
    Process started = support.launcher().start(spec, manifest, env);
    StderrTail tail = StderrTail.follow(started, manifest.id());
    process = started;
    stderr = tail;
    if (stopping) { // unloaded while a restart was starting it: it must not outlive the plugin
      started.destroyForcibly();
      return;
    }
    down = "starting";
    LOG.info("plugin process started pluginId={} pid={} isolation={} command={}", manifest.id(), started.pid(), isolation,
      launch.argv());
    started.onExit().thenAccept(p -> vertx.runOnContext(v -> exited(p)));
    MemoryWatch.watch(vertx, started, manifest.id(), support.maxMemoryMb(), () -> stopping, why -> killedFor = why);
  }

  private String callsAddress(String processToken) {
    return Addresses.processCalls(manifest.id(), processToken);
  }

  private String announceAddress(String processToken) {
    return Addresses.processAnnounce(manifest.id(), processToken);
  }

  private void announced(Message<JsonObject> message) {
    JsonObject body = message.body();
    String from = body == null ? null : body.getString("token");
    boolean replacement = from != null && from.equals(nextToken);
    if (body == null || !token.equals(from) && !replacement) {
      LOG.warn("announcement for plugin {} with a wrong token ignored", manifest.id());
      return;
    }
    ProcessWire.Announced announcedNow;
    try {
      announcedNow = ProcessWire.parse(manifest, body.getJsonArray("capabilities"), id -> (input, ctx) -> call(id, input, ctx));
    } catch (RuntimeException e) {
      fail("announced malformed capabilities: " + e.getMessage());
      return;
    }
    lenient = announcedNow.lenient();
    List<Capability<?, ?>> parsed = announcedNow.capabilities();
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
    backoffMs = ProcessSupervision.FIRST_BACKOFF_MS;
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
      // with the reason it printed last (the SDK's last stderr line says why it could not start the plugin)
      StderrTail tail = stderr;
      String why = "exited with status " + p.exitValue() + " before announcing its capabilities";
      tail.settled(vertx, 1_000).onComplete(v -> ready.tryFail(why + tail.reason()));
      return;
    }
    long delay = backoffMs;
    backoffMs = ProcessSupervision.nextBackoff(backoffMs);
    LOG.warn("plugin process exited pluginId={} status={}: restarting in {} ms", manifest.id(), p.exitValue(), delay);
    ProcessSupervision.restartLater(vertx, manifest.id(), delay, () -> stopping, this::start, why -> down = why);
  }

  private Future<JsonObject> call(String capabilityId, JsonObject input, ExecutionContext ctx) {
    if (!connected) {
      return Future.failedFuture(new PluginNetworkException("The process of plugin " + manifest.id() + " is not connected ("
        + down + ")", null, true));
    }
    long remaining = Math.max(1, ctx.deadline().toEpochMilli() - System.currentTimeMillis());
    String callId = Long.toString(callIds.incrementAndGet());
    JsonObject request = ProcessWire.request(capabilityId, callId, input, ctx);
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
      .transform(ar -> ar.succeeded() ? ProcessWire.answer(capabilityId, ar.result().body())
        : Future.failedFuture(ProcessWire.unreachable(manifest.id(), ar.cause())))
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
    return ProcessSupervision.stop(vertx, manifest.id(), p, asked, support.stopTimeoutMs())
      .onSuccess(v -> connected = false);
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

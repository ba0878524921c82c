package dev.dhii.runtime.process;

import dev.dhii.api.Capability;
import dev.dhii.api.PluginConfigurationException;
import dev.dhii.api.PluginNetworkException;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The supervised child process of one process plugin ({@link ProcessPlugin}): started by the {@link ProcessLauncher},
 * it announces its capabilities on its token's announce address within the ready timeout; if it exits while loaded it
 * is started again after a backoff ({@link ProcessSupervision}); it may be replaced under a new token ({@link
 * ProcessRecycling}). Calls reach it through {@link ProcessCallSender}; their progress comes back on the announce address.
 */
final class SupervisedProcess {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessPlugin.class);

  private final PluginManifest manifest;
  private final ProcessSupport support;
  private final LaunchSpec launch;
  private final ProcessCalls held = new ProcessCalls();
  private final ProcessCallSender sender = new ProcessCallSender(this);
  /** Where the announced capabilities send their calls: this process's sender, or its pool's choice. */
  private final ProcessPool.Route route;
  private volatile String token;
  private volatile String callsAddress;
  private Vertx vertx;
  /** The plugin's own context (its onLoad's): where the process's faults are handled. */
  private Context context;
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
  private final ProcessReplacement replacement = new ProcessReplacement();
  private volatile String isolation = ProcessLauncher.PROCESS;
  private volatile long backoffMs = ProcessSupervision.FIRST_BACKOFF_MS;
  /** Capabilities announced with apiVersion 1: their results are checked leniently. */
  private volatile Set<String> lenient = Set.of();

  SupervisedProcess(PluginManifest manifest, ProcessSupport support) {
    this(manifest, support, null);
  }

  /** @param route where the announced capabilities send their calls; null: to this process */
  SupervisedProcess(PluginManifest manifest, ProcessSupport support, ProcessPool.Route route) {
    this.manifest = manifest;
    this.support = support;
    this.route = route != null ? route : sender::send;
    this.token = ProcessWire.newToken();
    this.callsAddress = Addresses.processCalls(manifest.id(), token);
    this.launch = support.launch() != null ? support.launch() : ProcessCommand.plain(manifest, support.sdkPath());
  }

  /** Starts the process; completes once it announced its capabilities, fails if it does not within the ready timeout. */
  Future<Void> start(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config == null ? new JsonObject() : config;
    ready = Promise.promise();
    announcements = vertx.eventBus().localConsumer(Addresses.processAnnounce(manifest.id(), token), this::announced);
    return announcements.completion().compose(v -> {
      try {
        isolation = support.launcher().isolation();
        launch(token);
      } catch (IOException | IllegalStateException e) {
        announcements.unregister();
        return Future.failedFuture(new PluginConfigurationException("Command " + launch.argv() + " of plugin "
          + manifest.id() + " cannot be started: " + e.getMessage(), e));
      }
      return ready.future().timeout(support.readyTimeoutMs(), TimeUnit.MILLISECONDS).recover(e -> {
        stopping = true;
        Process p = process;
        if (p != null) {
          p.destroyForcibly();
        }
        announcements.unregister();
        String why = e instanceof TimeoutException
          ? "did not announce its capabilities within " + support.readyTimeoutMs() + " ms" : e.getMessage();
        return Future.failedFuture(new PluginConfigurationException("Process of plugin " + manifest.id() + " " + why, e));
      });
    });
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

  private void announced(Message<JsonObject> message) {
    JsonObject body = message.body();
    String from = body == null ? null : body.getString("token");
    boolean replacing = from != null && from.equals(replacement.token);
    if (body == null || !token.equals(from) && !replacing) {
      LOG.warn("announcement for plugin {} with a wrong token ignored", manifest.id());
      return;
    }
    if ("progress".equals(body.getString("type"))) { // a call's progress report, not an announcement
      sender.progress(body);
      return;
    }
    ProcessWire.Announced announcedNow;
    try {
      announcedNow = ProcessWire.parse(manifest, body.getJsonArray("capabilities"), id -> (input, ctx) -> route.send(id, input, ctx));
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
    if (replacing) {
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

  private void exited(Process p) {
    String killed = killedFor;
    // calls the process had taken will never be answered: they fail now, not at their deadline
    held.failAll(p, new PluginNetworkException("The process of plugin " + manifest.id() + " exited (status "
      + p.exitValue() + (killed != null && p == process ? ", " + killed : "") + ") during the call", null, false));
    if (p == replacement.retiring) {
      replacement.retiring = null;
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
    ProcessSupervision.restartLater(vertx, manifest.id(), delay, () -> stopping, () -> launch(token), why -> down = why);
  }

  /** Stops the process: shutdown asked (when connected), then SIGTERM, then SIGKILL, each after the stop timeout. */
  Future<Void> stop() {
    stopping = true;
    ProcessRecycling.abandon(this);
    Process p = process;
    if (announcements != null) {
      announcements.unregister();
    }
    if (p == null || !p.isAlive()) {
      return Future.succeededFuture();
    }
    Future<Void> asked = connected ? ProcessSupervision.askShutdown(vertx, callsAddress, support.stopTimeoutMs())
      : Future.succeededFuture();
    return ProcessSupervision.stop(vertx, manifest.id(), p, asked, support.stopTimeoutMs()).onSuccess(v -> connected = false);
  }

  /** Starts the replacement of the current process under a new token; it serves once it announces. */
  void startReplacement(String fresh, Process replaced) {
    replacement.token = fresh;
    replacement.announcements = vertx.eventBus().localConsumer(Addresses.processAnnounce(manifest.id(), fresh), this::announced);
    replacement.announcements.completion().compose(v -> vertx.executeBlocking(() -> {
      replacement.retiring = replaced;
      launch(fresh);
      return null;
    }, false)).onFailure(e -> {
      LOG.error("plugin process of {} cannot be replaced: {}", manifest.id(), e.toString());
      replacement.drop();
    });
  }

  /** The replacement announced: new calls go to it; the replaced process finishes what it has. */
  void switchAddresses(String fresh) {
    MessageConsumer<JsonObject> previous = announcements;
    announcements = replacement.announcements;
    replacement.announcements = null;
    token = fresh;
    callsAddress = Addresses.processCalls(manifest.id(), fresh);
    replacement.token = null;
    if (previous != null) {
      previous.unregister();
    }
  }

  // read by the plugin, the call sender and recycling

  Vertx vertx() { return vertx; }
  PluginManifest manifest() { return manifest; }
  ProcessSupport support() { return support; }
  ProcessCalls held() { return held; }
  ProcessCallSender sender() { return sender; }
  /** @return the plugin's own context: calls run on their callers' event loops, a fault is handled here */
  Context context() { return context; }

  /** @return the ids of the capabilities the process announced (empty before it did) */
  Set<String> announcedIds() {
    TreeSet<String> ids = announcedIds;
    return ids == null ? Set.of() : ids;
  }

  Process current() { return process; }
  ProcessReplacement replacement() { return replacement; }
  String callsAddress() { return callsAddress; }
  boolean connected() { return connected; }
  boolean serving() { return connected && !stopping; }
  /** @return why the process is not serving (null while it is) */
  String down() { return down; }
  List<Capability<?, ?>> capabilities() { return capabilities; }
  Set<String> lenient() { return lenient; }
  String isolation() { return isolation; }
}

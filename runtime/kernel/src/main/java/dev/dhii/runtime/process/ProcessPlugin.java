package dev.dhii.runtime.process;

import dev.dhii.api.Capability;
import dev.dhii.api.HealthStatus;
import dev.dhii.api.Plugin;
import dev.dhii.api.PluginConfigurationException;
import dev.dhii.api.PluginContext;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

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
 * <p>
 * This class is the plugin face only: the process's supervision is {@link SupervisedProcess} (with
 * {@link ProcessSupervision} and {@link ProcessRecycling}), the wire protocol {@link ProcessWire} and
 * {@link ProcessCallSender}.
 */
public final class ProcessPlugin implements Plugin {

  private final PluginManifest manifest;
  private final ProcessSupport support;
  private final ProcessPool pool;
  /** The first process: its announcement is the plugin's capabilities. */
  private final SupervisedProcess process;

  /**
   * @param manifest the plugin's manifest ({@code runtime: process}, {@code command})
   * @param support the bridge and SDK the process needs
   */
  public ProcessPlugin(PluginManifest manifest, ProcessSupport support) {
    this.manifest = manifest;
    this.support = support;
    this.pool = new ProcessPool(manifest, support);
    this.process = pool.first();
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
    return pool.start(ctx.vertx(), config);
  }

  /**
   * @param capabilityId an announced capability
   * @return whether its results are passed on leniently (announced with apiVersion 1, or a v1 manifest)
   */
  public boolean lenient(String capabilityId) {
    Set<String> v1 = process.lenient();
    return v1.contains("*") || v1.contains(capabilityId);
  }

  @Override
  public List<Capability<?, ?>> capabilities() {
    return process.capabilities();
  }

  @Override
  public Future<HealthStatus> healthCheck() {
    List<SupervisedProcess> members = pool.members();
    if (members.size() == 1) {
      return health(process);
    }
    List<Future<HealthStatus>> each = members.stream().map(this::health).toList();
    return Future.join(each).transform(v -> {
      long up = each.stream().filter(h -> h.result().status() == HealthStatus.Status.UP).count();
      String detail = up + " of " + members.size() + " processes up";
      return Future.succeededFuture(up == members.size() ? HealthStatus.up()
        : up == 0 ? HealthStatus.down(detail + ": " + each.get(0).result().message()) : HealthStatus.degraded(detail));
    });
  }

  private Future<HealthStatus> health(SupervisedProcess member) {
    if (!member.connected()) {
      String down = member.down();
      return Future.succeededFuture(HealthStatus.down("process " + (down == null ? "not connected" : down)));
    }
    int overrunning = member.held().overrunning();
    return member.vertx().eventBus().<JsonObject>request(member.callsAddress(), new JsonObject().put("control", "health"),
        new DeliveryOptions().setSendTimeout(support.stopTimeoutMs()))
      .map(reply -> "UP".equals(reply.body().getString("status"))
        ? overrunning == 0 ? HealthStatus.up() : ProcessRecycling.degraded(overrunning)
        : HealthStatus.down(reply.body().getString("detail", "the process says DOWN")))
      .otherwise(e -> HealthStatus.down("process did not answer its health check: " + e.getMessage()));
  }

  @Override
  public Future<Void> onUnload() {
    return pool.stop();
  }

  /** @return calls whose deadline passed while their process has not answered yet */
  public int overrunning() {
    return pool.overrunning();
  }

  /** @return how the process is isolated: {@value ProcessLauncher#NAMESPACES} or {@value ProcessLauncher#PROCESS} */
  public String isolation() {
    return process.isolation();
  }

  /** @return the (first) process's pid, or -1 when it is not running (for tests and listings) */
  public long pid() {
    return pid(process);
  }

  /** @return the pid of every process of the plugin, -1 for one not running */
  public List<Long> pids() {
    return pool.members().stream().map(ProcessPlugin::pid).toList();
  }

  private static long pid(SupervisedProcess member) {
    Process p = member.current();
    return p != null && p.isAlive() ? ProcessLauncher.program(p.toHandle()).pid() : -1;
  }
}

package dev.dhii.runtime.kernel;

import dev.dhii.runtime.dispatch.CallTarget;
import dev.dhii.runtime.dispatch.CapabilityBinding;
import dev.dhii.api.CancelledException;
import dev.dhii.api.ExecutionContext;
import dev.dhii.api.HealthStatus;
import dev.dhii.api.Plugin;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.process.ProcessPlugin;
import dev.dhii.runtime.process.ProcessSupport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hosts one generation of a plugin: a worker verticle on the plugin's own named pool. Its start
 * creates the plugin (the manifest's entrypoint, through the plugin's class loader), runs onLoad, then
 * checks its capabilities against the manifest and compiles their schemas, then runs onReady; its stop
 * runs onUnload. Calls run on the same pool through {@link #execute} (handed over a turn at a time by
 * {@link PoolHandoff}), with the plugin's class loader as the thread's context class loader.
 */
public final class PluginHost extends VerticleBase implements CallTarget {

  private final PluginManifest manifest;
  private final ClassLoader loader;
  private final PluginContextImpl pluginContext;
  private final long stepTimeoutMs;
  private final ProcessSupport processes;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger overrunning = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean closing;
  private volatile Plugin plugin;
  private volatile Map<String, CapabilityBinding> capabilities = Map.of();
  private volatile Thread lifecycleThread;
  private final int poolThreads;
  private volatile PoolHandoff handoff;

  /** @param poolThreads the size of the generation's worker pool (the deployment's {@code workerPoolSize}) */
  PluginHost(PluginManifest manifest, ClassLoader loader, PluginContextImpl pluginContext, long stepTimeoutMs,
             ProcessSupport processes, int poolThreads) {
    this.manifest = manifest;
    this.poolThreads = poolThreads;
    this.processes = processes;
    this.loader = loader;
    this.pluginContext = pluginContext;
    this.stepTimeoutMs = stepTimeoutMs;
  }

  @Override
  public Future<?> start() {
    // the calls' way onto this deployment's worker pool (calls come once the generation is published, after start)
    handoff = new PoolHandoff(((ContextInternal) context).workerPool().executor(), poolThreads);
    try {
      plugin = withLoader(() -> PluginFactory.instantiate(manifest, loader, processes));
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    return step("onLoad", () -> plugin.onLoad(pluginContext, pluginContext.config()))
      .compose(v -> {
        try {
          capabilities = withLoader(() -> PluginFactory.bind(manifest, plugin, plugin.capabilities()));
        } catch (Exception e) {
          return Future.failedFuture(e);
        }
        return step("onReady", plugin::onReady);
      });
  }

  @Override
  public Future<?> stop() {
    return plugin == null ? Future.succeededFuture() : step("onUnload", plugin::onUnload);
  }

  /** Interrupts a lifecycle step that overran the kernel's deadline. */
  void interruptLifecycle() {
    Thread t = lifecycleThread;
    if (t != null) {
      t.interrupt();
    }
  }

  private <T> Future<T> step(String name, Callable<Future<T>> step) {
    Future<T> future;
    lifecycleThread = Thread.currentThread();
    try {
      future = withLoader(step);
    } catch (Exception e) {
      return Future.failedFuture(new LifecycleException(manifest.id() + "." + name + " threw " + e, e));
    } finally {
      lifecycleThread = null;
      Thread.interrupted();
    }
    if (future == null) {
      return Future.failedFuture(new LifecycleException(manifest.id() + "." + name + " returned no Future", null));
    }
    return future.timeout(stepTimeoutMs, TimeUnit.MILLISECONDS)
      .recover(e -> Future.failedFuture(new LifecycleException(manifest.id() + "." + name + " failed: " + e.getMessage(), e)));
  }

  private <T> T withLoader(Callable<T> body) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return body.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** @return the capabilities of this generation, by id */
  public Map<String, CapabilityBinding> capabilities() {
    return capabilities;
  }

  /** @return the manifest this generation was loaded from */
  public PluginManifest manifest() {
    return manifest;
  }

  /** @return the generation's class loader */
  public ClassLoader loader() {
    return loader;
  }

  /**
   * Admits a call to this generation; a generation being drained refuses, and the caller looks the
   * route up again (a redeploy has published the next generation by then).
   *
   * @return whether the call may use this generation; if so, {@link #exit()} must follow
   */
  @Override
  public boolean tryEnter() {
    active.incrementAndGet();
    if (closing) {
      active.decrementAndGet();
      return false;
    }
    return true;
  }

  /** A call admitted by {@link #tryEnter()} ended (all its attempts). */
  @Override
  public void exit() {
    active.decrementAndGet();
  }

  /** @return calls admitted and not yet ended, including queued and retrying ones */
  public int active() {
    return active.get();
  }

  /** Refuses new calls from now on; {@link #active()} then only falls. */
  void startClosing() {
    closing = true;
  }

  /** @return the plugin's own metrics, recorded through its {@code PluginContext.telemetry()} */
  public PluginMetrics metrics() {
    return pluginContext.metrics();
  }

  /** @return calls whose code is running now */
  public int running() {
    return running.get();
  }

  /** @return calls still running on a worker although their deadline passed */
  public int overrunning() {
    return overrunning.get() + (plugin instanceof ProcessPlugin p ? p.overrunning() : 0);
  }

  /** @return the pid of a process plugin's program, or -1 (not a process plugin, or not running) */
  public long processPid() {
    return plugin instanceof ProcessPlugin p ? p.pid() : -1;
  }

  /** @return the pid of each process of a process plugin (-1 for one not running), or none */
  public java.util.List<Long> processPids() {
    return plugin instanceof ProcessPlugin p ? p.pids() : java.util.List.of();
  }

  /** @return how the plugin is isolated: {@code classloader} (JVM), {@code namespaces} or {@code process} */
  public String isolation() {
    return plugin instanceof ProcessPlugin p ? p.isolation() : "classloader";
  }

  /**
   * Runs one call on the plugin's worker pool (a process plugin's on the caller's event loop: it only sends a
   * frame). The outcome settles {@code result}; the returned Future completes once the call no longer occupies
   * a worker (see {@link PluginCall}).
   *
   * @param capabilityId the capability
   * @param params the validated input
   * @param ctx the call's context
   * @param result settled with the plugin's raw output or failure (the pipeline's deadline decides TIMEOUT
   *     and CANCELLED)
   * @return completes when the worker is released
   */
  @Override
  public Future<Void> execute(String capabilityId, JsonObject params, ExecutionContext ctx, Promise<Object> result) {
    PluginCall call = new PluginCall(ctx, result, overrunning);
    if (plugin instanceof ProcessPlugin) {
      // a process plugin's call only hands a frame to its process (ProcessCallSender: nothing in it blocks), so
      // it runs on the caller's event loop, and the process's answer comes back there: through a pool thread it
      // crossed two threads more, each a wake-up, for nothing
      run(call, capabilityId, params, ctx, false);
    } else {
      handoff.submit(new PoolHandoff.Task() {
        @Override
        public void run() {
          // run as on the verticle's context, so that the plugin finds its context and Vert.x watches the thread
          // for blocking (unlike executeBlocking, nothing is settled back on the context: no event-loop task a call)
          ((ContextInternal) context).dispatch(() -> PluginHost.this.run(call, capabilityId, params, ctx, true));
        }

        @Override
        public void rejected() {
          // the generation's worker pool is already shut down (the node is closing)
          call.returned(Future.failedFuture(dev.dhii.api.PluginException.of(dev.dhii.api.ErrorCode.UNAVAILABLE,
            "Plugin " + manifest.id() + " is shutting down")));
        }
      });
    }
    return call.occupancy();
  }

  /** @param onWorker on a pool thread, which a cancellation may interrupt (never an event loop) */
  private void run(PluginCall call, String capabilityId, JsonObject params, ExecutionContext ctx, boolean onWorker) {
    if (ctx.isCancelled()) {
      call.returned(Future.failedFuture(new CancelledException("Cancelled before it started: " + ctx.cancellation().reason())));
      return;
    }
    running.incrementAndGet();
    if (onWorker) {
      call.started();
    }
    Future<Object> pending;
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      pending = plugin.execute(capabilityId, params, ctx);
      if (pending == null) {
        pending = Future.failedFuture(new IllegalStateException("execute returned no Future"));
      }
    } catch (Throwable t) {
      pending = Future.failedFuture(t);
    } finally {
      thread.setContextClassLoader(previous);
      running.decrementAndGet();
    }
    call.returned(pending);
  }

  /**
   * Asks the plugin for its health on its own pool.
   *
   * @param timeoutMs the deadline
   * @return the plugin's answer; fails on timeout or error
   */
  public Future<HealthStatus> healthCheck(long timeoutMs) {
    return context.<Future<HealthStatus>>executeBlocking(() -> withLoader(plugin::healthCheck), false)
      .compose(f -> f == null ? Future.succeededFuture(HealthStatus.down("healthCheck returned no Future")) : f)
      .timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** A lifecycle step failed; the message names the plugin and the step. */
  static final class LifecycleException extends RuntimeException {
    LifecycleException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** @return a JSON summary for listings */
  JsonObject toJson() {
    return new JsonObject().put("active", active()).put("running", running()).put("overrunning", overrunning());
  }
}

package dev.dhii.runtime.kernel;

import dev.dhii.runtime.dispatch.PluginPolicies;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.Dispatcher;
import dev.dhii.runtime.isolation.ForbiddenApiScanner;
import dev.dhii.runtime.isolation.PluginClassLoader;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.process.ProcessSupport;
import dev.dhii.runtime.process.LaunchSpec;
import dev.dhii.runtime.process.ProcessCommand;
import dev.dhii.runtime.process.PythonEnvironment;
import dev.dhii.runtime.manifest.PluginRuntime;
import dev.dhii.runtime.manifest.ResourceLimits;
import dev.dhii.runtime.resilience.Bulkhead;
import dev.dhii.runtime.resilience.BulkheadOptions;
import dev.dhii.runtime.resilience.PluginBreaker;
import dev.dhii.runtime.resilience.ResilienceOptions;
import dev.dhii.runtime.resilience.RetryPolicy;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Loads and unloads plugin generations: builds the class loader (after the forbidden-API scan), the
 * policies and the {@link PluginHost} worker verticle on the plugin's own named pool, each step under
 * a deadline; and drains, undeploys and releases a generation.
 */
final class PluginDeployer {

  private static final Logger LOG = LoggerFactory.getLogger(PluginDeployer.class);
  private static final AtomicInteger GENERATIONS = new AtomicInteger();

  private final Vertx vertx;
  private final RuntimeOptions options;
  private final PluginRegistry registry;
  private final Dispatcher dispatcher;
  private final java.util.function.IntSupplier bridgePort;
  private final ProcessCommand commands;
  private final dev.dhii.runtime.process.ProcessLauncher launcher;
  private final dev.dhii.runtime.trust.TrustPolicy trust;

  PluginDeployer(Vertx vertx, RuntimeOptions options, PluginRegistry registry, Dispatcher dispatcher,
                 java.util.function.IntSupplier bridgePort, java.util.function.Supplier<String> bridgeSocket) {
    this.bridgePort = bridgePort;
    this.commands = new ProcessCommand(new PythonEnvironment(options.process().python(), options.processVenvDirectory(),
      options.processPipArgs(System.getenv()), options.process().venvTimeoutMs()), options.dataDirectory(), options.processSdkPath())
      .node(new dev.dhii.runtime.process.NodeCommand(options.process().node(), options.processNodeSdkPath()));
    this.launcher = new dev.dhii.runtime.process.ProcessLauncher(options.process().sandbox(), options.process().sandboxUid(),
      bridgeSocket, System.getenv()).maxFrameBytes(options.tcpBridgeMaxFrameBytes());
    this.vertx = vertx;
    this.options = options;
    this.registry = registry;
    this.dispatcher = dispatcher;
    this.trust = dev.dhii.runtime.trust.TrustPolicy.fromOptions(options); // an invalid trusted key fails the start
  }

  /** Loads a new generation from a manifest, up to READY; it serves nothing until the kernel publishes it. */
  Future<PluginGeneration> load(PluginManifest manifest) {
    ResourceLimits limits = manifest.resources().withDefaults(options.defaultResources());
    int number = GENERATIONS.incrementAndGet();
    // a process plugin's command is resolved first: it may make its virtual environment (own deadline, off the
    // loop); the sandbox's slow checks run here too, once per runtime, so no start deadline and no runtime
    // without process plugins pays for them
    Future<LaunchSpec> launch = trusted(manifest).compose(t -> manifest.runtime() != PluginRuntime.PROCESS
      ? Future.succeededFuture(null) : vertx.executeBlocking(() -> {
          launcher.warmUp();
          return commands.resolve(manifest);
        }, false)
        .timeout(options.process().venvTimeoutMs() + 5000, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(new IOException("Plugin " + manifest.id() + " cannot be started: " + e.getMessage(), e))));
    return launch.compose(spec -> vertx.executeBlocking(() -> classLoader(manifest, number)).compose(loader -> {
      PluginContextImpl context = new PluginContextImpl(manifest, options.dataDirectory(), vertx, dispatcher, registry,
        new PluginMetrics());
      PluginHost host = new PluginHost(manifest, loader, context, options.stepTimeoutMs(),
        new ProcessSupport(processBridgeHost(), bridgePort, options.processSdkPath(), options.process().readyTimeoutMs(),
          options.process().stopTimeoutMs(), limits.maxConcurrency(), limits.maxMemoryMb() == null ? 0 : limits.maxMemoryMb(),
          spec, launcher, options.dataDirectory(), options.process().recycleOverrunning()), limits.workerPoolSize());
      DeploymentOptions deployment = new DeploymentOptions()
        .setThreadingModel(ThreadingModel.WORKER)
        .setWorkerPoolName("dhii-plugin-" + manifest.id() + "-" + number)
        .setWorkerPoolSize(limits.workerPoolSize())
        .setClassLoader(loader)
        .setConfig(manifest.config());
      Future<String> deployed = vertx.deployVerticle(host, deployment);
      // onLoad + onReady each have the step deadline; the whole start gets both plus a margin
      long deadline = 2 * options.stepTimeoutMs() + 1000;
      return deployed.timeout(deadline, TimeUnit.MILLISECONDS).transform(ar -> {
        if (ar.failed()) {
          host.interruptLifecycle();
          // a start that completes after its deadline must not stay deployed
          deployed.onSuccess(vertx::undeploy);
          closeQuietly(loader);
          return Future.failedFuture(ar.cause());
        }
        return Future.succeededFuture(new PluginGeneration(number, manifest, host, ar.result(), policies(manifest, limits)));
      });
    }));
  }

  /** The trust policy's check of the plugin's directory (signed by a trusted key, unchanged), off the loop. */
  private Future<Void> trusted(PluginManifest manifest) {
    if (!trust.requireSigned()) {
      return Future.succeededFuture();
    }
    return vertx.<Void>executeBlocking(() -> {
      trust.checkLoad(manifest.directory());
      return null;
    }, false).timeout(options.stepTimeoutMs(), TimeUnit.MILLISECONDS)
      .recover(e -> Future.failedFuture(new IOException("Untrusted: plugin " + manifest.id() + " is refused: " + e.getMessage())));
  }

  /** The bridge's address as a local process reaches it (a wildcard bind is reached on loopback). */
  private String processBridgeHost() {
    String host = options.tcpBridgeHost();
    return RuntimeOptions.wildcardHost(host) ? "127.0.0.1" : host;
  }

  private ClassLoader classLoader(PluginManifest manifest, int number) throws IOException {
    ClassLoader runtimeLoader = PluginDeployer.class.getClassLoader();
    if (manifest.classpath().isEmpty()) {
      return runtimeLoader; // a built-in plugin: its entrypoint is on the runtime's class path
    }
    List<Path> jars = manifest.classpathPaths();
    if (jars.isEmpty()) {
      throw new IOException("Classpath " + manifest.classpath() + " of plugin " + manifest.id() + " matches no jar in "
        + manifest.directory());
    }
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        throw new IOException("Plugin " + manifest.id() + ": classpath entry " + jar + " does not exist");
      }
    }
    jars = shadowCopy(manifest.id(), number, jars);
    List<ForbiddenApiScanner.Violation> violations = ForbiddenApiScanner.create().scan(jars, new HashSet<>(manifest.permissions()));
    if (!violations.isEmpty()) {
      for (Path copy : jars) {
        Files.deleteIfExists(copy);
      }
      Files.deleteIfExists(jars.get(0).getParent().resolve(OwnedTempDirs.OWNER));
      Files.deleteIfExists(jars.get(0).getParent());
      throw new IOException("Plugin " + manifest.id() + " uses forbidden APIs without permission: "
        + violations.stream().map(ForbiddenApiScanner.Violation::message).collect(Collectors.joining("; ")));
    }
    return PluginClassLoader.create(manifest.id(), jars, runtimeLoader);
  }

  /**
   * Copies a generation's jars to a directory of its own: the generation reads only its copy, so an
   * operator (or {@code --watch}) may overwrite the plugin's jars in place while it still serves.
   */
  private static List<Path> shadowCopy(String pluginId, int number, List<Path> jars) throws IOException {
    Path dir = Files.createTempDirectory("dhii-" + pluginId + "-g" + number + "-");
    OwnedTempDirs.mark(dir); // removed at a later start if this runtime is killed
    List<Path> copies = new java.util.ArrayList<>();
    for (int i = 0; i < jars.size(); i++) {
      Path copy = dir.resolve(i + "-" + jars.get(i).getFileName());
      Files.copy(jars.get(i), copy);
      copies.add(copy);
    }
    return copies;
  }

  private static void deleteShadowCopy(PluginClassLoader loader) {
    for (java.net.URL url : loader.getURLs()) {
      try {
        Path jar = Path.of(url.toURI());
        Files.deleteIfExists(jar);
        Path dir = jar.getParent();
        if (dir != null && dir.getFileName().toString().startsWith("dhii-")) {
          try (var rest = Files.list(dir)) {
            if (rest.filter(f -> !f.getFileName().toString().equals(OwnedTempDirs.OWNER)).findAny().isEmpty()) {
              Files.deleteIfExists(dir.resolve(OwnedTempDirs.OWNER));
              Files.deleteIfExists(dir);
            }
          }
        }
      } catch (IOException | java.net.URISyntaxException | IllegalArgumentException e) {
        LOG.debug("could not delete the shadow copy {}: {}", url, e.toString());
      }
    }
  }

  private PluginPolicies policies(PluginManifest manifest, ResourceLimits limits) {
    ResilienceOptions resilience = options.defaultResilience().over(manifest.resilience());
    PluginBreaker breaker = PluginBreaker.create(vertx, manifest.id(), resilience.circuitBreaker());
    Bulkhead bulkhead = Bulkhead.create(manifest.id(), new BulkheadOptions()
      .setMaxConcurrency(limits.maxConcurrency()).setMaxQueue(limits.maxQueue()));
    RetryPolicy retry = RetryPolicy.create(resilience.retry());
    return new PluginPolicies(limits, breaker, bulkhead, retry);
  }

  /**
   * Drains and unloads a generation: refuses new calls, waits (bounded by the drain timeout) for the
   * calls it admitted, runs onUnload through the undeploy, and closes its class loader. The caller
   * withdraws or replaces its routes first.
   */
  Future<Void> unload(PluginGeneration generation) {
    PluginHost host = generation.host();
    host.startClosing();
    return drained(generation, System.currentTimeMillis() + options.drainTimeoutMs())
      .compose(v -> vertx.undeploy(generation.deploymentId()).timeout(options.stepTimeoutMs() + 1000, TimeUnit.MILLISECONDS))
      .eventually(() -> {
        generation.policies().close();
        closeQuietly(host.loader());
        return Future.succeededFuture();
      });
  }

  private Future<Void> drained(PluginGeneration generation, long deadline) {
    int active = generation.host().active();
    if (active == 0) {
      return Future.succeededFuture();
    }
    if (System.currentTimeMillis() >= deadline) {
      LOG.warn("drain timeout passed pluginId={} generation={} with {} call(s) still active", generation.manifest().id(),
        generation.number(), active);
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(10, t -> drained(generation, deadline).onComplete(promise));
    return promise.future();
  }

  private static void closeQuietly(ClassLoader loader) {
    if (loader instanceof PluginClassLoader pcl) {
      try {
        pcl.close();
      } catch (IOException e) {
        LOG.warn("closing the class loader of {} failed: {}", pcl, e.toString());
      }
      deleteShadowCopy(pcl);
    }
  }
}

package dev.dhii.runtime.conformance;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.auth.Authenticators;
import dev.dhii.runtime.auth.TokenIssuer;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.dispatch.CallResult;
import dev.dhii.runtime.dispatch.CapabilityBinding;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code dhii plugin test}: starts a runtime in this process with only the plugin under test (and the
 * bundled plugins it imports): HTTP on a free port of 127.0.0.1, no TCP bridge unless a process plugin needs
 * it, a temporary data directory; then calls each of the plugin's capabilities with the generated inputs
 * ({@link CaseGenerator}) through the invoker the HTTP bridge uses, with a bearer token as HTTP callers
 * bring, one call at a time, and judges each answer ({@link Judge}). The rate limit, circuit breaker and
 * retries are off for the run: they would answer for the plugin (RATE_LIMITED, CIRCUIT_OPEN) or repeat its
 * calls; the input and output checks, the bulkhead and the deadline are the runtime's own.
 */
public final class Conformance {

  /** How much longer than its deadline a call is waited for before it is named a hang anyway. */
  static final long GRACE_MS = 2000;

  private Conformance() {
  }

  /**
   * @param vertx the Vert.x instance to start the runtime on (left open)
   * @param options what to run
   * @param progress hears each result as it comes (may be a no-op)
   * @return the report
   * @throws IllegalArgumentException if the directory is not a plugin directory or the configuration is unreadable
   */
  public static ConformanceReport run(Vertx vertx, ConformanceOptions options, Consumer<CaseResult> progress) {
    RuntimeOptions base = options.conf() == null ? new RuntimeOptions() : RuntimeOptions.fromFile(options.conf());
    try (PluginFolder folder = PluginFolder.create(options.pluginDir(), options.bundled())) {
      RuntimeOptions runtimeOptions = new RuntimeOptions(base.toJson().mergeIn(overrides(folder, base), true));
      DhiiRuntime runtime;
      try {
        runtime = DhiiRuntime.start(vertx, runtimeOptions).await(5, TimeUnit.MINUTES);
      } catch (Exception e) {
        return ConformanceReport.notStarted(folder.pluginId(), options, "the runtime did not start: " + e.getMessage());
      }
      try {
        return test(runtime, folder, options, progress);
      } finally {
        try {
          runtime.stop().await(runtimeOptions.drainTimeoutMs() + 2 * runtimeOptions.stepTimeoutMs() + 5000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          // the report stands; the caller closes Vert.x, which stops what is left
        }
      }
    }
  }

  private static JsonObject overrides(PluginFolder folder, RuntimeOptions base) {
    JsonObject tcp = new JsonObject().put("enabled", folder.needsBridge()).put("host", "127.0.0.1").put("port", 0);
    return new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1))
      .put("tcpBridge", tcp)
      .put("plugins", new JsonObject().put("directories", new JsonArray().add(folder.plugins().toString()))
        .put("dataDirectory", folder.data().toString()))
      .put("lifecycle", new JsonObject().put("drainTimeoutMs", Math.min(2000, base.drainTimeoutMs())))
      .put("dispatch", new JsonObject().put("rateLimit", false).put("breaker", false).put("retry", false));
  }

  private static ConformanceReport test(DhiiRuntime runtime, PluginFolder folder, ConformanceOptions options,
                                        Consumer<CaseResult> progress) {
    PluginRecord plugin = runtime.registry().plugin(folder.pluginId());
    if (plugin == null || plugin.state() != PluginState.READY || plugin.host() == null) {
      String why = plugin == null ? "it was not discovered: " + runtime.registry().rejectedJson().encode()
        : "its state is " + plugin.state() + (plugin.cause() == null ? "" : ": " + plugin.cause());
      return ConformanceReport.notStarted(folder.pluginId(), options, "the plugin did not start, " + why);
    }
    String authorization = bearer(runtime);
    Map<String, CapabilityBinding> bindings = new TreeMap<>(plugin.host().capabilities());
    List<ConformanceReport.CapabilityReport> capabilities = new ArrayList<>();
    int n = 0;
    for (CapabilityBinding binding : bindings.values()) {
      String id = binding.id();
      CaseGenerator.Cases cases = CaseGenerator.verified(binding.capability().inputSchema(), binding.input(),
        options.seed() ^ id.hashCode(), options.cases());
      List<CaseResult> results = new ArrayList<>();
      List<TestCase> all = new ArrayList<>(cases.valid());
      all.addAll(cases.invalid());
      for (TestCase c : all) {
        CaseResult result = call(runtime, binding, c, authorization, options.timeoutMs(), "conformance-" + (++n));
        results.add(result);
        progress.accept(result);
      }
      capabilities.add(new ConformanceReport.CapabilityReport(id, results, cases.notes()));
    }
    return new ConformanceReport(plugin.id(), plugin.manifest().version(), options, capabilities, null);
  }

  private static CaseResult call(DhiiRuntime runtime, CapabilityBinding binding, TestCase c, String authorization,
                                 long timeoutMs, String requestId) {
    CallRequest.Builder request = CallRequest.builder(binding.id(), c.input()).requestId(requestId).timeoutMs(timeoutMs)
      .clientKey("127.0.0.1");
    if (authorization != null) {
      request.authorization(authorization);
    } else {
      request.userId("conformance");
    }
    try {
      CallResult result = runtime.invoker().invoke(request.build()).toCompletionStage().toCompletableFuture()
        .get(timeoutMs + GRACE_MS, TimeUnit.MILLISECONDS);
      return Judge.result(binding.id(), c, binding, result.output());
    } catch (TimeoutException e) {
      return Judge.hang(binding.id(), c, timeoutMs + GRACE_MS);
    } catch (ExecutionException e) {
      return e.getCause() instanceof CallFailure failure ? Judge.failure(binding.id(), c, failure, timeoutMs)
        : Judge.broken(binding.id(), c, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Judge.broken(binding.id(), c, e);
    }
  }

  /** @return a bearer token the runtime accepts, as an HTTP caller brings; null when this runtime cannot mint one */
  private static String bearer(DhiiRuntime runtime) {
    try {
      return "Bearer " + new TokenIssuer(runtime.vertx(), Authenticators.jwtOptions(runtime.options()))
        .issue("conformance", List.of(), Duration.ofHours(1));
    } catch (RuntimeException e) {
      return null; // a public-key configuration: the in-process caller is trusted as a user instead
    }
  }
}

package dev.dhii.bench;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * {@code ./dhii bench --mode redeploy}: HTTP load on {@code echo.echo} while {@code POST
 * /v1/plugins/echo/redeploy} runs once a second. Prints the redeploy latencies (request to new
 * generation serving), the calls per second around them, and how many calls failed (should be none).
 */
final class RedeployBench {

  private static final int BASELINE = 3;

  private RedeployBench() {
  }

  static void run(double seconds, int concurrency) throws Exception {
    RuntimeOptions options = new RuntimeOptions().applyEnvironment(System.getenv()).setHttpPort(0).setTcpBridgeEnabled(false);
    Telemetry telemetry = Telemetry.create(options.telemetry());
    Vertx vertx = VertxFactory.create(options, telemetry, false).await(60, TimeUnit.SECONDS);
    DhiiRuntime runtime = DhiiRuntime.start(vertx, options, telemetry).await(60, TimeUnit.SECONDS);
    Vertx loadVertx = Vertx.vertx();
    HttpClient client = Load.httpClient(loadVertx, runtime.httpPort(), concurrency + 1);
    JsonObject input = new JsonObject().put("text", "hello, dhii");
    Load.run(loadVertx, "warm-up", concurrency, 10, Load.httpPost(client, "/v1/capabilities/echo.echo/invoke", input))
      .await(60, TimeUnit.SECONDS);
    int buckets = (int) Math.ceil(seconds) + 2;
    AtomicLongArray perSecond = new AtomicLongArray(buckets);
    long start = System.nanoTime();
    Supplier<Future<?>> call = Load.httpPost(client, "/v1/capabilities/echo.echo/invoke", input);
    Supplier<Future<?>> counted = () -> call.get().onSuccess(x -> {
      int bucket = (int) ((System.nanoTime() - start) / 1_000_000_000L);
      if (bucket < buckets) {
        perSecond.incrementAndGet(bucket);
      }
    });
    Future<LoadResult> load = Load.run(loadVertx, "HTTP echo.echo during redeploys", concurrency, seconds, counted);
    List<Long> latencies = new ArrayList<>();
    List<Long> toServing = new ArrayList<>();
    AtomicLong failedRedeploys = new AtomicLong();
    RequestOptions redeploy = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/plugins/echo/redeploy")
      .setTimeout(60_000);
    // BASELINE seconds without redeploys, then one redeploy a second until a second before the end
    long deadline = start + (long) ((seconds - 1) * 1e9);
    for (long next = start + BASELINE * 1_000_000_000L; next < deadline; next += 1_000_000_000L) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait); // pacing of the benchmark's own driver, not synchronisation
      }
      long t0 = System.nanoTime();
      JsonObject outcome = client.request(redeploy).compose(r -> r.send()).compose(r -> r.body())
        .map(b -> b.toJsonObject()).await(60, TimeUnit.SECONDS);
      latencies.add((System.nanoTime() - t0) / 1_000_000);
      if (outcome.containsKey("error")) {
        failedRedeploys.incrementAndGet();
      } else {
        toServing.add(outcome.getLong("tookMs"));
      }
    }
    LoadResult result = load.await(120, TimeUnit.SECONDS);
    System.out.println(result);
    System.out.printf("redeploys: %d (failed %d)%n  ms from request to new generation serving: %s%n"
      + "  ms until the reply (old generation drained and unloaded too): %s%n", latencies.size(), failedRedeploys.get(),
      toServing, latencies);
    List<Long> series = new ArrayList<>();
    for (int i = 0; i < buckets; i++) {
      series.add(perSecond.get(i));
    }
    System.out.println("calls per second: " + series);
    double baseline = 0;
    for (int i = 0; i < BASELINE; i++) {
      baseline += perSecond.get(i) / (double) BASELINE;
    }
    long min = Long.MAX_VALUE;
    double during = 0;
    int n = 0;
    for (int i = BASELINE; i < (int) seconds - 1; i++) {
      min = Math.min(min, perSecond.get(i));
      during += perSecond.get(i);
      n++;
    }
    System.out.printf("calls/s without redeploys %.0f; with a redeploy every second: mean %.0f (%.0f%%), worst second %d"
      + " (%.0f%%); failed calls %d%n", baseline, during / Math.max(1, n), 100 * during / Math.max(1, n) / baseline, min,
      100.0 * min / baseline, result.errors());
    runtime.stop().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
    loadVertx.close().await(30, TimeUnit.SECONDS);
  }
}

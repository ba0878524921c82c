package dev.dhii.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Closed-loop load: {@code concurrency} calls always in flight for a fixed time, each slot starting its
 * next call when the previous one ends. Bounded in time; every call has its own timeout.
 */
final class Load {

  private static final int MAX_SAMPLES = 1 << 20;

  private Load() {
  }

  static Future<LoadResult> run(Vertx vertx, String name, int concurrency, double seconds, Supplier<Future<?>> call) {
    return run(vertx.getOrCreateContext(), name, concurrency, seconds, call);
  }

  /** As {@link #run(Vertx, String, int, double, Supplier)}, on a given context (the one the calls' client uses). */
  static Future<LoadResult> run(Context context, String name, int concurrency, double seconds, Supplier<Future<?>> call) {
    Promise<LoadResult> done = Promise.promise();
    context.runOnContext(v -> {
      long end = System.nanoTime() + (long) (seconds * 1e9);
      long started = System.nanoTime();
      long cpuStarted = LoadResult.processCpuNanos();
      AtomicLong ops = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      long[] samples = new long[MAX_SAMPLES];
      AtomicLong sampled = new AtomicLong();
      int[] active = {concurrency};
      Runnable[] slot = new Runnable[1];
      slot[0] = () -> {
        if (System.nanoTime() >= end) {
          if (--active[0] == 0) {
            double elapsed = (System.nanoTime() - started) / 1e9;
            int n = (int) Math.min(sampled.get(), MAX_SAMPLES);
            long cpu = cpuStarted < 0 ? -1 : LoadResult.processCpuNanos() - cpuStarted;
            done.complete(new LoadResult(name, ops.get(), errors.get(), elapsed, java.util.Arrays.copyOf(samples, n), cpu));
          }
          return;
        }
        long t0 = System.nanoTime();
        call.get().onComplete(ar -> {
          if (ar.succeeded()) {
            ops.incrementAndGet();
            long i = sampled.getAndIncrement();
            samples[(int) (i & (MAX_SAMPLES - 1))] = System.nanoTime() - t0;
          } else {
            errors.incrementAndGet();
          }
          slot[0].run();
        });
      };
      for (int i = 0; i < concurrency; i++) {
        slot[0].run();
      }
    });
    return done.future();
  }

  static HttpClient httpClient(Vertx vertx, int port, int connections) {
    return vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
  }

  static Supplier<Future<?>> httpPost(HttpClient client, String path, JsonObject body) {
    Buffer payload = body.toBuffer();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path).setTimeout(10_000)
      .putHeader("content-type", "application/json");
    return () -> client.request(options).compose(req -> req.send(payload)).compose(resp -> {
      if (resp.statusCode() != 200) {
        return resp.body().compose(b -> Future.failedFuture("HTTP " + resp.statusCode() + ": " + b));
      }
      return resp.body();
    });
  }
}

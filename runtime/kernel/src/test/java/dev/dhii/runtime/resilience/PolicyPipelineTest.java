package dev.dhii.runtime.resilience;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.fixtures.FlakyPlugin;
import dev.dhii.runtime.fixtures.PolicyPlugin;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.EventLog;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policies in the real pipeline, over HTTP and the event bus: breaker, bulkhead, rate limit, retries, overruns. */
class PolicyPipelineTest {

  static EventLog events;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().manual().plugins(plugins -> {
    TestManifests.write(plugins, "pol", PolicyPlugin.class,
      List.of("pol.slow", "pol.limited", "pol.retry", "pol.unsafe"), new JsonObject()
        .put("resources", new JsonObject().put("workerPoolSize", 2).put("maxConcurrency", 2).put("maxQueue", 2))
        .put("resilience", new JsonObject()
          .put("retry", new JsonObject().put("maxRetries", 3).put("initialDelayMs", 20).put("maxDelayMs", 100))
          .put("circuitBreaker", new JsonObject().put("minimumCalls", 1000).put("windowSize", 1000))));
    TestManifests.write(plugins, "brk", FlakyPlugin.class, List.of("brk.flaky"), new JsonObject()
      .put("resilience", new JsonObject().put("circuitBreaker", new JsonObject().put("windowSize", 10).put("minimumCalls", 10)
        .put("failureRateThreshold", 0.5).put("resetTimeoutMs", 400))));
  }).build();

  @BeforeAll
  static void start() {
    // the events of the start too
    events = EventLog.listen(dhii.vertx(), Addresses.EVENTS);
    dhii.start();
  }

  @org.junit.jupiter.api.AfterAll
  static void stop() {
    PolicyPlugin.SLOW.release(100);
  }

  static Future<HttpResponse<Buffer>> call(String capability, JsonObject input, String... headers) {
    var request = dhii.http().post("/v1/capabilities/" + capability + "/invoke").putHeader("content-type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    return request.sendBuffer(input.toBuffer());
  }

  static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> f) throws Exception {
    return f.await(20, TimeUnit.SECONDS);
  }

  static String code(HttpResponse<Buffer> r) {
    return r.statusCode() == 200 ? "OK" : r.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  void theBreakerOpensAboveHalfFailuresFailsFastAndRecoversAfterTheResetTimeout() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertEquals("OK", code(await(call("brk.flaky", new JsonObject()))));
    }
    for (int i = 0; i < 5; i++) {
      assertEquals("INTERNAL", code(await(call("brk.flaky", new JsonObject().put("fail", true)))));
    }
    assertEquals("CLOSED", dhii.runtime().registry().plugin("brk").policies().breaker().state().name(), "50% does not open it");
    assertEquals("INTERNAL", code(await(call("brk.flaky", new JsonObject().put("fail", true)))), "6 of the last 10 fail");
    assertEquals("OPEN", dhii.runtime().registry().plugin("brk").policies().breaker().state().name());
    int reached = FlakyPlugin.CALLS.get();
    HttpResponse<Buffer> open = await(call("brk.flaky", new JsonObject()));
    assertEquals(503, open.statusCode());
    assertEquals("CIRCUIT_OPEN", code(open));
    assertEquals(reached, FlakyPlugin.CALLS.get(), "an open breaker does not reach the plugin");
    JsonObject listed = dhii.http().get("/v1/plugins/brk").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertEquals("OPEN", listed.getJsonObject("breaker").getString("state"));
    JsonObject health = dhii.http().get("/health").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    JsonObject brk = health.getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(c -> c.getString("id").equals("brk")).findFirst().orElseThrow();
    assertEquals("DEGRADED", brk.getJsonObject("data").getString("status"), brk.encode());
    events.await("breaker.open", Duration.ofSeconds(5));
    // the reset timeout passed
    events.await("breaker.half_open", Duration.ofSeconds(5));
    assertTrue(dhii.runtime().registry().plugin("brk").policies().breaker().state() != BreakerState.OPEN);
    assertEquals("OK", code(await(call("brk.flaky", new JsonObject()))), "the half-open probe succeeds");
    assertEquals("CLOSED", dhii.runtime().registry().plugin("brk").policies().breaker().state().name());
    events.await("breaker.closed", Duration.ofSeconds(5));
  }

  @Test
  void aFullBulkheadAnswersOverloadedAtOnceAndTheQueuedCallsComplete() throws Exception {
    List<Future<HttpResponse<Buffer>>> admitted = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      admitted.add(call("pol.slow", new JsonObject()));
    }
    Bulkhead bulkhead = dhii.runtime().registry().plugin("pol").policies().bulkhead();
    Await.until(() -> bulkhead.inFlight() == 2 && bulkhead.queued() == 2, Duration.ofSeconds(10), "2 running, 2 queued");
    HttpResponse<Buffer> rejected = await(call("pol.slow", new JsonObject()));
    assertEquals(503, rejected.statusCode());
    assertEquals("OVERLOADED", code(rejected));
    assertEquals(2, bulkhead.queued(), "the queue never grows past maxQueue");
    PolicyPlugin.SLOW.release(4);
    for (Future<HttpResponse<Buffer>> f : admitted) {
      assertEquals("OK", code(await(f)));
    }
  }

  @Test
  void theRateLimitAnswers429WithRetryAfterPerUserAndRefills() throws Exception {
    for (int i = 0; i < 30; i++) {
      assertEquals("OK", code(await(call("pol.limited", new JsonObject()))), "call " + i);
    }
    HttpResponse<Buffer> limited = await(call("pol.limited", new JsonObject()));
    assertEquals(429, limited.statusCode());
    assertEquals("RATE_LIMITED", code(limited));
    assertTrue(Integer.parseInt(limited.getHeader("retry-after")) >= 1);
    JsonObject other = dhii.vertx().eventBus().<JsonObject>request(Addresses.capability("pol.limited"), new JsonObject(),
      new DeliveryOptions().addHeader(Addresses.HEADER_USER_ID, "bob")).await(10, TimeUnit.SECONDS).body();
    assertEquals("bob", other.getString("user"), "another caller has its own budget");
    Await.until(() -> {
      try {
        return await(call("pol.limited", new JsonObject())).statusCode() == 200;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, Duration.ofSeconds(5), "the bucket refilled");
  }

  @Test
  void aSafeNetworkFailureIsRetriedAndTheAttemptsAreReported() throws Exception {
    HttpResponse<Buffer> ok = await(call("pol.retry", new JsonObject().put("failures", 2), "x-request-id", "retry-1"));
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    assertEquals(3, ok.bodyAsJsonObject().getJsonObject("result").getInteger("attempt"));
    assertEquals("3", ok.getHeader("x-dhii-attempts"));
    HttpResponse<Buffer> exhausted = await(call("pol.retry", new JsonObject().put("failures", 10), "x-request-id", "retry-2"));
    assertEquals("NETWORK", code(exhausted));
    assertEquals(4, PolicyPlugin.ATTEMPTS.get("retry-2").get(), "1 attempt + maxRetries 3");
  }

  @Test
  void anUnsafeNetworkFailureIsNotRetried() throws Exception {
    HttpResponse<Buffer> failed = await(call("pol.unsafe", new JsonObject(), "x-request-id", "unsafe-1"));
    assertEquals(502, failed.statusCode());
    assertEquals(1, PolicyPlugin.ATTEMPTS.get("unsafe-1").get());
  }

  @Test
  void retriesNeverRunPastTheDeadline() throws Exception {
    long started = System.nanoTime();
    HttpResponse<Buffer> failed = await(call("pol.retry", new JsonObject().put("failures", 100), "x-request-id", "deadline-1",
      "x-timeout-ms", "60"));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(List.of("NETWORK", "TIMEOUT").contains(code(failed)), failed.bodyAsString());
    assertTrue(PolicyPlugin.ATTEMPTS.get("deadline-1").get() < 4, "stopped retrying at the deadline");
    assertTrue(tookMs < 2000, "took " + tookMs + " ms");
  }

  @Test
  void aCallOverrunningItsDeadlineMakesThePluginDegradedUntilItReturns() throws Exception {
    HttpResponse<Buffer> timedOut = await(call("pol.slow", new JsonObject(), "x-timeout-ms", "100"));
    assertEquals("TIMEOUT", code(timedOut));
    // the blocked worker was interrupted: Semaphore.acquire gives up, so the overrun ends at once
    Await.until(() -> dhii.runtime().registry().plugin("pol").host().overrunning() == 0, Duration.ofSeconds(5), "the overrun ended");
  }

  @Test
  void eventBusCallersGetTheSameTypedErrors() throws Exception {
    Throwable failure = dhii.vertx().eventBus().request(Addresses.capability("pol.unsafe"), new JsonObject())
      .map(m -> (Throwable) null).otherwise(e -> e).await(10, TimeUnit.SECONDS);
    assertEquals(502, ((ReplyException) failure).failureCode());
  }
}

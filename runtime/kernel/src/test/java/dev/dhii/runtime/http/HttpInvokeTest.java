package dev.dhii.runtime.http;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.FaultyPlugin;
import dev.dhii.runtime.fixtures.LifecyclePlugins;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP bridge against a real listening runtime: the happy path and every typed error. */
class HttpInvokeTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    TestManifests.write(plugins, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"),
      new JsonObject().put("resources", new JsonObject().put("maxPayloadBytes", 2048).put("timeoutMs", 5000)));
    TestManifests.write(plugins, "bad", FaultyPlugin.class,
      List.of("bad.throw", "bad.network", "bad.reject", "bad.output", "bad.block", "bad.never"),
      new JsonObject().put("resources", new JsonObject().put("workerPoolSize", 2).put("maxConcurrency", 8))
        .put("resilience", new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))
          .put("circuitBreaker", new JsonObject().put("minimumCalls", 1000).put("windowSize", 1000))));
    TestManifests.write(plugins, "broken", LifecyclePlugins.ThrowsOnLoad.class, List.of("broken.any"), null);
  }).build();

  static HttpResponse<Buffer> post(String path, String body, String... headers) {
    var request = dhii.http().request(HttpMethod.POST, path).putHeader("content-type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    try {
      return request.sendBuffer(Buffer.buffer(body)).await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static HttpResponse<Buffer> get(String path) {
    try {
      return dhii.http().get(path).send().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonObject error(HttpResponse<Buffer> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertTrue(response.getHeader("content-type").startsWith("application/json"));
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertNotNull(error, response.bodyAsString());
    assertEquals(code, error.getString("code"), response.bodyAsString());
    assertNotNull(error.getString("type"));
    assertNotNull(error.getString("message"));
    assertNotNull(error.getValue("retryable"));
    assertNotNull(error.getJsonObject("details"));
    return error;
  }

  @Test
  void invokeReturnsTheResultWithTheRequestId() {
    HttpResponse<Buffer> response = post("/v1/capabilities/fx.echo/invoke", "{\"text\":\"hi\",\"n\":3}", "x-request-id", "req-1");
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("req-1", body.getString("requestId"));
    assertEquals(new JsonObject().put("text", "hi").put("n", 3), body.getJsonObject("result"));
    assertEquals("req-1", response.getHeader("x-request-id"));
  }

  @Test
  void aRequestIdIsGeneratedWhenAbsentAndPassedToThePlugin() {
    JsonObject body = post("/v1/capabilities/fx.whoami/invoke", "{}").bodyAsJsonObject();
    String requestId = body.getString("requestId");
    assertEquals(36, requestId.length());
    assertEquals(requestId, body.getJsonObject("result").getString("requestId"));
    assertTrue(body.getJsonObject("result").getString("thread").startsWith("dhii-plugin-fx-"),
      "runs on the plugin's own worker pool: " + body);
    assertTrue(body.getJsonObject("result").getBoolean("workerContext"), "on its worker verticle's context: " + body);
  }

  @Test
  void theCallersTimeoutIsCappedByThePlugins() {
    assertEquals(1234, post("/v1/capabilities/fx.whoami/invoke", "{}", "x-timeout-ms", "1234")
      .bodyAsJsonObject().getJsonObject("result").getLong("timeoutMs"));
    assertEquals(5000, post("/v1/capabilities/fx.whoami/invoke", "{}", "x-timeout-ms", "999999")
      .bodyAsJsonObject().getJsonObject("result").getLong("timeoutMs"));
  }

  @Test
  void malformedJsonIsAValidationError() {
    JsonObject error = error(post("/v1/capabilities/fx.echo/invoke", "{\"text\":"), 400, "VALIDATION");
    assertTrue(error.getString("message").startsWith("Malformed JSON"), error.encode());
    assertEquals("fx.echo", error.getString("capabilityId"));
  }

  @Test
  void aBodyThatIsNotAnObjectIsAValidationError() {
    assertTrue(error(post("/v1/capabilities/fx.echo/invoke", "[1,2]"), 400, "VALIDATION").getString("message").contains("an array"));
    assertTrue(error(post("/v1/capabilities/fx.echo/invoke", "\"text\""), 400, "VALIDATION").getString("message").contains("a string"));
    error(post("/v1/capabilities/fx.echo/invoke", ""), 400, "VALIDATION");
  }

  @Test
  void aWrongContentTypeIsAValidationError() {
    HttpResponse<Buffer> response;
    try {
      response = dhii.http().post("/v1/capabilities/fx.echo/invoke").putHeader("content-type", "text/plain")
        .sendBuffer(Buffer.buffer("{\"text\":\"hi\"}")).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertTrue(error(response, 400, "VALIDATION").getString("message").contains("Content-Type"));
  }

  @Test
  void aSchemaViolationNamesThePointer() {
    JsonObject error = error(post("/v1/capabilities/fx.echo/invoke", "{\"text\":5}"), 400, "VALIDATION");
    assertEquals("PluginValidationError", error.getString("type"));
    JsonObject violation = error.getJsonObject("details").getJsonArray("violations").getJsonObject(0);
    assertEquals("/text", violation.getString("pointer"), error.encode());
    error(post("/v1/capabilities/fx.echo/invoke", "{\"n\":1}"), 400, "VALIDATION");
    error(post("/v1/capabilities/fx.echo/invoke", "{\"text\":\"" + "x".repeat(101) + "\"}"), 400, "VALIDATION");
  }

  @Test
  void anUnknownCapabilityIsNotFound() {
    JsonObject error = error(post("/v1/capabilities/nope.nothing/invoke", "{}"), 404, "NOT_FOUND");
    assertEquals("CapabilityNotFoundError", error.getString("type"));
  }

  @Test
  void anUnknownRouteIsAJsonNotFound() {
    error(get("/v1/nothing-here"), 404, "NOT_FOUND");
  }

  @Test
  void aPayloadOverThePluginsLimitIsTooLarge() {
    String big = "{\"text\":\"hi\",\"pad\":\"" + "x".repeat(3000) + "\"}";
    JsonObject error = error(post("/v1/capabilities/fx.echo/invoke", big), 413, "PAYLOAD_TOO_LARGE");
    assertEquals(2048, error.getJsonObject("details").getLong("maxPayloadBytes"));
  }

  @Test
  void aBodyOverTheHttpLimitIsTooLarge() {
    String huge = "{\"text\":\"" + "x".repeat(300_000) + "\"}";
    error(post("/v1/capabilities/fx.echo/invoke", huge), 413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void aThrowingPluginIsAnInternalError() {
    JsonObject error = error(post("/v1/capabilities/bad.throw/invoke", "{\"text\":\"x\"}"), 500, "INTERNAL");
    // the exception's class and message go to the log, not to the caller
    assertEquals("The plugin failed", error.getString("message"), error.encode());
    assertEquals("bad", error.getString("pluginId"));
  }

  @Test
  void pluginExceptionsKeepTheirCodes() {
    error(post("/v1/capabilities/bad.network/invoke", "{\"text\":\"x\"}"), 502, "NETWORK");
    JsonObject error = error(post("/v1/capabilities/bad.reject/invoke", "{\"text\":\"x\"}"), 400, "VALIDATION");
    assertEquals("/text", error.getJsonObject("details").getJsonArray("violations").getJsonObject(0).getString("pointer"));
  }

  @Test
  void anOutputThatBreaksItsSchemaIsAnInternalError() {
    JsonObject error = error(post("/v1/capabilities/bad.output/invoke", "{\"text\":\"x\"}"), 500, "INTERNAL");
    assertTrue(error.getString("message").contains("output schema"), error.encode());
    assertEquals("/text", error.getJsonObject("details").getJsonArray("violations").getJsonObject(0).getString("pointer"));
  }

  @Test
  void aBlockedCallTimesOutAndItsWorkerIsInterrupted() {
    int before = FaultyPlugin.INTERRUPTED.get();
    Instant start = Instant.now();
    JsonObject error = error(post("/v1/capabilities/bad.block/invoke", "{\"text\":\"x\"}", "x-timeout-ms", "300"), 504, "TIMEOUT");
    assertTrue(Duration.between(start, Instant.now()).toMillis() < 5000);
    assertTrue(error.getBoolean("retryable"));
    FaultyPlugin.INTERRUPTED.await(n -> n > before, Duration.ofSeconds(10), "the blocked worker was interrupted");
  }

  @Test
  void aCallThatNeverCompletesTimesOutAndIsCancelled() {
    int before = FaultyPlugin.CANCELLED.get();
    error(post("/v1/capabilities/bad.never/invoke", "{\"text\":\"x\"}", "x-timeout-ms", "200"), 504, "TIMEOUT");
    FaultyPlugin.CANCELLED.await(n -> n > before, Duration.ofSeconds(10), "the cancellation token fired");
  }

  @Test
  void aBadTimeoutHeaderIsAValidationError() {
    error(post("/v1/capabilities/fx.echo/invoke", "{\"text\":\"x\"}", "x-timeout-ms", "soon"), 400, "VALIDATION");
    error(post("/v1/capabilities/fx.echo/invoke", "{\"text\":\"x\"}", "x-timeout-ms", "0"), 400, "VALIDATION");
  }

  @Test
  void aCapabilityRequiringAuthenticationRejectsAnonymousCalls() {
    error(post("/v1/capabilities/fx.secure/invoke", "{\"text\":\"x\"}"), 401, "AUTHENTICATION");
  }

  @Test
  void aCapabilityOfAFailedPluginIsUnavailable() {
    JsonObject error = error(post("/v1/capabilities/broken.any/invoke", "{}"), 503, "UNAVAILABLE");
    assertTrue(error.getString("message").contains("FAILED"), error.encode());
    assertFalse(error.getString("message").contains("IllegalStateException"), error.encode());
  }

  @Test
  void pluginsAreListedWithStateAndCause() throws Exception {
    // the cause is for callers with a token; anonymous ones see the state only
    JsonObject anonymous = get("/v1/plugins").bodyAsJsonObject().getJsonArray("plugins").stream().map(JsonObject.class::cast)
      .filter(p -> p.getString("id").equals("broken")).findFirst().orElseThrow();
    assertEquals("FAILED", anonymous.getString("state"));
    assertFalse(anonymous.containsKey("cause"), anonymous.encode());
    JsonObject body = dhii.http().get("/v1/plugins").putHeader("authorization", dhii.admin())
      .send().await(20, TimeUnit.SECONDS).bodyAsJsonObject();
    JsonObject broken = body.getJsonArray("plugins").stream().map(JsonObject.class::cast)
      .filter(p -> p.getString("id").equals("broken")).findFirst().orElseThrow();
    assertEquals("FAILED", broken.getString("state"));
    assertTrue(broken.getString("cause").contains("no database"));
    JsonObject fx = get("/v1/plugins/fx").bodyAsJsonObject();
    assertEquals("READY", fx.getString("state"));
    assertEquals("CLOSED", fx.getJsonObject("breaker").getString("state"));
    error(get("/v1/plugins/nobody"), 404, "NOT_FOUND");
  }

  @Test
  void capabilitiesAreListedWithTheirSchemas() {
    JsonObject echo = get("/v1/capabilities").bodyAsJsonObject().getJsonArray("capabilities").stream()
      .map(JsonObject.class::cast).filter(c -> c.getString("id").equals("fx.echo")).findFirst().orElseThrow();
    assertEquals("fx", echo.getString("pluginId"));
    assertEquals("string", echo.getJsonObject("inputSchema").getJsonObject("properties").getJsonObject("text").getString("type"));
    assertEquals(100, echo.getJsonObject("inputSchema").getJsonObject("properties").getJsonObject("text").getInteger("maxLength"));
    assertNotNull(echo.getJsonObject("outputSchema"));
  }

  @Test
  void livenessIsUpAndReadinessIsDownWhileAPluginFailed() {
    assertEquals(200, get("/health/live").statusCode());
    HttpResponse<Buffer> ready = get("/health/ready");
    assertEquals(503, ready.statusCode());
    assertEquals("FAILED", ready.bodyAsJsonObject().getJsonObject("plugins").getString("broken"));
    HttpResponse<Buffer> health = get("/health");
    assertEquals(503, health.statusCode());
    assertFalse(health.bodyAsString().isEmpty());
  }

  @Test
  void theV1ExecuteRouteKeepsItsShape() {
    JsonObject ok = post("/api/kernel/capabilities/fx.echo/execute", "{\"text\":\"hi\"}").bodyAsJsonObject();
    assertEquals("success", ok.getString("status"));
    assertEquals("hi", ok.getJsonObject("result").getString("text"));
    HttpResponse<Buffer> missing = post("/api/kernel/capabilities/no.such/execute", "{}");
    assertEquals(404, missing.statusCode());
    assertEquals("not_found", missing.bodyAsJsonObject().getString("status"));
    assertNotNull(missing.bodyAsJsonObject().getString("message"));
    HttpResponse<Buffer> failed = post("/api/kernel/capabilities/bad.throw/execute", "{\"text\":\"x\"}");
    assertEquals(500, failed.statusCode());
    assertEquals("error", failed.bodyAsJsonObject().getString("status"));
    HttpResponse<Buffer> invalid = post("/api/kernel/capabilities/fx.echo/execute", "{oops");
    assertEquals(400, invalid.statusCode());
    assertEquals("error", invalid.bodyAsJsonObject().getString("status"));
  }

  @Test
  void theV1EnvelopeRouteKeepsItsShape() {
    JsonObject ok = post("/kernel/capabilities/execute", "{\"capability_id\":\"fx.echo\",\"parameters\":{\"text\":\"hi\"}}").bodyAsJsonObject();
    assertEquals(true, ok.getBoolean("success"));
    assertEquals("hi", ok.getJsonObject("result").getString("text"));
    HttpResponse<Buffer> failed = post("/kernel/capabilities/execute", "{\"capability_id\":\"bad.throw\",\"parameters\":{\"text\":\"x\"}}");
    assertEquals(200, failed.statusCode());
    assertEquals(false, failed.bodyAsJsonObject().getBoolean("success"));
    assertEquals("The plugin failed", failed.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> bad = post("/kernel/capabilities/execute", "{\"parameters\":{}}");
    assertEquals(400, bad.statusCode());
    assertEquals(false, bad.bodyAsJsonObject().getBoolean("success"));
    assertEquals(400, post("/kernel/capabilities/execute", "not json").statusCode());
  }

  @Test
  void theV1HealthRouteKeepsItsShape() {
    JsonObject health = get("/api/kernel/health").bodyAsJsonObject();
    assertEquals(3, health.getInteger("total_plugins"));
    assertEquals(3, health.getInteger("enabled_plugins"));
    assertNotNull(health.getString("status"));
    assertNotNull(health.getString("timestamp"));
  }
}

package dev.dhii.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapabilityTest {

  record In(String name, Integer times) {
  }

  record Out(String greeting) {
  }

  static Capability<In, Out> greet() {
    return Capability.builder("greeter.greet", In.class, Out.class)
      .handler((in, ctx) -> Future.succeededFuture(new Out("hello " + in.name()))).build();
  }

  @Test
  void defaultsFollowTheContract() {
    Capability<In, Out> c = greet();
    assertTrue(c.requiresAuth());
    assertEquals(100, c.rateLimitPerMinute());
    assertFalse(c.idempotent());
    assertEquals("greeter.greet", c.name());
    assertEquals("object", c.inputSchema().getString("type"));
  }

  @Test
  void invokeDecodesTheInputAndEncodesTheOutputWithoutNulls() throws Exception {
    JsonObject out = greet().invoke(new JsonObject().put("name", "ann").put("unknown", 1), ExecutionContext.create("r"))
      .await(5, TimeUnit.SECONDS);
    assertEquals(new JsonObject().put("greeting", "hello ann"), out);
  }

  record Batch(List<String> names, List<In> items) {
  }

  @Test
  void invokeDecodesArraysAndObjectsOfAJsonObjectBuiltInCode() throws Exception {
    Capability<Batch, Batch> echo = Capability.builder("greeter.batch", Batch.class, Batch.class)
      .handler((in, ctx) -> Future.succeededFuture(in)).build();
    JsonObject input = new JsonObject().put("names", new io.vertx.core.json.JsonArray().add("a").add("b"))
      .put("items", new io.vertx.core.json.JsonArray().add(new JsonObject().put("name", "c").put("times", 2)));
    JsonObject output = echo.invoke(input, ExecutionContext.create("r")).await(5, TimeUnit.SECONDS);
    assertEquals(input, output);
  }

  @Test
  void anInputThatCannotBeDecodedIsAValidationError() {
    Throwable failure = greet().invoke(new JsonObject().put("times", "many"), ExecutionContext.create("r")).cause();
    assertInstanceOf(PluginValidationException.class, failure);
  }

  @Test
  void aThrowingHandlerGivesAFailedFuture() {
    Capability<In, Out> c = Capability.builder("x.fail", In.class, Out.class).handler((in, ctx) -> {
      throw new PluginNetworkException("down");
    }).build();
    assertInstanceOf(PluginNetworkException.class, c.invoke(new JsonObject(), ExecutionContext.create("r")).cause());
  }

  @Test
  void badIdsAndSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Capability.builder("NoDot", In.class, Out.class));
    assertThrows(IllegalArgumentException.class, () -> Capability.builder("a.b", In.class, Out.class).rateLimitPerMinute(-1));
    assertThrows(IllegalArgumentException.class, () -> Capability.builder("a.b", In.class, Out.class).timeout(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> Capability.builder("a.b", In.class, Out.class).build());
  }

  @Test
  void thePluginsDefaultExecuteRoutesByCapabilityId() throws Exception {
    Plugin plugin = () -> List.of(greet());
    Object out = plugin.execute("greeter.greet", new JsonObject().put("name", "bo"), ExecutionContext.create("r"))
      .await(5, TimeUnit.SECONDS);
    assertEquals(new JsonObject().put("greeting", "hello bo"), out);
    assertInstanceOf(PluginException.class, plugin.execute("greeter.other", new JsonObject(), ExecutionContext.create("r")).cause());
  }

  @Test
  void theCancellationTokenFiresItsHandlersOnceAndLateHandlersAtOnce() {
    CancellationToken token = CancellationToken.create();
    AtomicInteger fired = new AtomicInteger();
    token.onCancel(fired::incrementAndGet);
    assertTrue(token.cancel("deadline"));
    assertFalse(token.cancel("again"));
    assertEquals("deadline", token.reason());
    token.onCancel(fired::incrementAndGet);
    assertEquals(2, fired.get());
    assertThrows(CancelledException.class, token::throwIfCancelled);
  }

  @Test
  void aSuppliedTraceContextIsFormattedOnFirstReadOnly() {
    int[] calls = {0};
    ExecutionContext ctx = ExecutionContext.builder().requestId("r")
      .traceContext(() -> {
        calls[0]++;
        return Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      }).build();
    assertEquals(0, calls[0], "not formatted unless read");
    assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", ctx.traceContext().get("traceparent"));
    assertEquals(ctx.traceContext(), ctx.toBuilder().build().traceContext());
    assertEquals(1, calls[0]);
    assertEquals(Map.of(), ExecutionContext.builder().traceContext(() -> null).build().traceContext());
  }

  @Test
  void anExecutionContextHasADeadlineFromItsTimeout() {
    ExecutionContext ctx = ExecutionContext.builder().requestId("r").userId("u").timeout(Duration.ofMillis(500)).build();
    assertEquals(Duration.ofMillis(500), ctx.timeout());
    assertTrue(ctx.remaining().toMillis() <= 500);
    assertEquals(ExecutionContext.DEFAULT_TIMEOUT, ExecutionContext.create("x").timeout());
    assertEquals(36, ExecutionContext.builder().build().requestId().length());
  }

  @Test
  void everyErrorCodeMapsToItsWireContract() {
    assertEquals(504, ErrorCode.TIMEOUT.httpStatus());
    assertEquals(-32004, ErrorCode.TIMEOUT.jsonRpcCode());
    assertEquals(ErrorCode.FORBIDDEN, new PluginAuthenticationException("no", true).code());
    assertEquals(ErrorCode.AUTHENTICATION, new PluginAuthenticationException("no").code());
    assertTrue(new PluginNetworkException("x", null, true).nothingDone());
    assertFalse(ErrorCode.VALIDATION.countsAgainstBreaker());
    assertTrue(ErrorCode.INTERNAL.countsAgainstBreaker());
  }
}

package dev.dhii.runtime.dispatch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.FaultyPlugin;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.resilience.RateLimiter;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.RpcClient;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The call pipeline (DESIGN §5): assembled once per route when it is published, switched-off policies
 * absent from the chain, the deadline the one owner of TIMEOUT, and the tail of every call on the caller's
 * event loop, whichever transport it came by.
 */
@ExtendWith(VertxExtension.class)
class PipelineTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    dev.dhii.runtime.testing.TestManifests.write(plugins, "fx", EchoFixturePlugin.class,
      List.of("fx.echo", "fx.secure", "fx.whoami"), null);
    dev.dhii.runtime.testing.TestManifests.write(plugins, "bad", FaultyPlugin.class,
      List.of("bad.throw", "bad.network", "bad.reject", "bad.output", "bad.block", "bad.never"),
      new JsonObject().put("resilience", new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))));
  }).build();

  private static PluginRegistry.Route route(String capabilityId) {
    PluginRegistry.Route route = dhii.runtime().registry().route(capabilityId);
    assertNotNull(route, capabilityId + " is served");
    return route;
  }

  @Test
  void aRoutesPipelineIsAssembledWhenItIsPublishedAndKeptForEveryCall(VertxTestContext test) {
    Pipeline before = route("fx.echo").pipeline();
    assertNotNull(before, "published with its pipeline");
    dhii.runtime().invoker().invoke(CallRequest.of("fx.echo", new JsonObject().put("text", "a")))
      .onComplete(test.succeeding(r -> test.verify(() -> {
        assertEquals("a", r.output().getString("text"));
        assertSame(before, route("fx.echo").pipeline());
        test.completeNow();
      })));
  }

  @Test
  void switchedOffPoliciesAndUnusedChecksAreAbsentFromTheChain() {
    Dispatcher none = new Dispatcher(dhii.vertx(), dhii.runtime().registry(), RateLimiter.create(System::nanoTime),
      dhii.runtime().dispatcher().authenticator(), CallObserver.NONE, new PolicySwitches(false, false, false, false));
    Dispatcher all = new Dispatcher(dhii.vertx(), dhii.runtime().registry(), RateLimiter.create(System::nanoTime),
      dhii.runtime().dispatcher().authenticator(), CallObserver.NONE, PolicySwitches.ALL);
    try {
      // authentication, size, input schema, deadline, retry, breaker, bulkhead, output schema, execute
      assertEquals(9, all.assemble(route("fx.echo")).stages());
      // without retry, breaker and bulkhead
      assertEquals(6, none.assemble(route("fx.echo")).stages());
      // fx.secure requires a user and has the default rate limit: two checks more
      assertEquals(11, all.assemble(route("fx.secure")).stages());
      assertEquals(7, none.assemble(route("fx.secure")).stages(), "the rate limit is a policy switch too");
    } finally {
      none.close();
      all.close();
    }
  }

  @Test
  void theDeadlineFailsTheCallOnceOnTheCallersEventLoop(VertxTestContext test) {
    Context caller = dhii.vertx().getOrCreateContext();
    caller.runOnContext(v -> dhii.runtime().invoker().invoke(CallRequest.builder("bad.never", new JsonObject().put("text", "x"))
        .timeoutMs(150L).build())
      .onComplete(test.failing(e -> test.verify(() -> {
        assertSame(caller, Vertx.currentContext(), "the tail runs on the caller's context");
        CallFailure failure = (CallFailure) e;
        assertEquals("TIMEOUT", failure.error().code().name());
        assertEquals("The call did not complete within 150 ms", failure.error().message());
        assertEquals(1, failure.attempts());
        test.completeNow();
      }))));
  }

  @Test
  void aPluginsResultIsHandedToTheCallersEventLoop(VertxTestContext test) {
    Context caller = dhii.vertx().getOrCreateContext();
    var checks = test.checkpoint(2);
    caller.runOnContext(v -> {
      dhii.runtime().invoker().invoke(CallRequest.of("fx.echo", new JsonObject().put("text", "x")))
        .onComplete(test.succeeding(r -> test.verify(() -> {
          assertSame(caller, Vertx.currentContext());
          assertTrue(Context.isOnEventLoopThread());
          checks.flag();
        })));
      dhii.runtime().invoker().invoke(CallRequest.of("bad.output", new JsonObject().put("text", "x")))
        .onComplete(test.failing(e -> test.verify(() -> {
          assertSame(caller, Vertx.currentContext(), "the output schema fails it on the caller's context");
          assertEquals("INTERNAL", ((CallFailure) e).error().code().name());
          checks.flag();
        })));
    });
  }

  /**
   * The output check of {@code bad.output} fails in the tail, and its one log line says on which thread: an
   * event loop for HTTP, WebSocket and the event bus alike (before, HTTP ran it on the plugin's worker).
   */
  @Test
  void theTailRunsOnAnEventLoopOnEveryTransport() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(Dispatcher.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      var reply = dhii.http().post("/v1/capabilities/bad.output/invoke").putHeader("content-type", "application/json")
        .putHeader("x-request-id", "tail-http").sendBuffer(Buffer.buffer("{\"text\":\"x\"}")).await(10, TimeUnit.SECONDS);
      assertEquals(500, reply.statusCode());
      try (RpcClient rpc = RpcClient.connect(dhii.vertx(), dhii.runtime().httpPort(), null)) {
        JsonObject answer = rpc.call(1, "invoke", new JsonObject().put("capability", "bad.output")
          .put("input", new JsonObject().put("text", "x")));
        assertEquals("INTERNAL", answer.getJsonObject("error").getJsonObject("data").getString("code"), answer.encode());
      }
      Throwable bus = dhii.vertx().eventBus().request(Addresses.capability("bad.output"), new JsonObject().put("text", "x"),
        new DeliveryOptions().addHeader(Addresses.HEADER_REQUEST_ID, "tail-bus")).transform(ar -> io.vertx.core.Future
        .succeededFuture(ar.cause())).await(10, TimeUnit.SECONDS);
      assertNotNull(bus, "the event bus call fails");
    } finally {
      logger.detachAppender(appender);
    }
    List<ILoggingEvent> lines = appender.list.stream().filter(e -> e.getFormattedMessage().contains("capabilityId=bad.output"))
      .toList();
    assertEquals(3, lines.size(), "one line per call: " + lines);
    for (ILoggingEvent line : lines) {
      assertTrue(line.getThreadName().startsWith("vert.x-eventloop-thread-"), line.getThreadName() + ": " + line);
    }
  }
}

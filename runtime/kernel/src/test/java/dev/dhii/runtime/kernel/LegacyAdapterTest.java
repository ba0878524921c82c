package dev.dhii.runtime.kernel;

import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.LegacyGreeter;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** v1 plugins (apiVersion 1) run unchanged behind the LegacyAdapter, through the whole pipeline. */
class LegacyAdapterTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    JsonObject v1 = new JsonObject().put("apiVersion", 1);
    TestManifests.write(plugins, "legacy", LegacyGreeter.class, List.of("legacy.greet", "legacy.secret"), v1);
    TestManifests.write(plugins, "uninit", LegacyGreeter.NotInitialised.class, List.of("uninit.any"), v1);
    TestManifests.write(plugins, "wrongcontract", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), v1);
  }).build();

  private static JsonObject call(CallRequest request) throws Exception {
    return dhii.runtime().dispatcher().invoke(request).await(10, TimeUnit.SECONDS).output();
  }

  private static String failure(CallRequest request) {
    Throwable failed = dhii.runtime().dispatcher().invoke(request).toCompletionStage().toCompletableFuture()
      .handle((ok, e) -> e).join();
    return ((CallFailure) (failed instanceof java.util.concurrent.CompletionException ? failed.getCause() : failed))
      .error().code().name();
  }

  @Test
  void aV1PluginServesItsCapabilitiesThroughThePipeline() throws Exception {
    assertEquals(PluginState.READY, dhii.runtime().registry().plugin("legacy").state());
    assertEquals(new JsonObject().put("success", true).put("greeting", "hello ann"),
      call(CallRequest.of("legacy.greet", new JsonObject().put("name", "ann"))));
    assertTrue(dhii.runtime().registry().plugin("legacy").toJson().containsKey("breaker"), "it has the policies of a v2 plugin");
  }

  @Test
  void aV1FailureInTheResultIsPassedOnAsV1CallersExpect() throws Exception {
    assertEquals(new JsonObject().put("success", false).put("error", "Name is empty"),
      call(CallRequest.of("legacy.greet", new JsonObject().put("name", ""))));
  }

  @Test
  void theV1SchemasAndAuthFlagsApply() {
    assertEquals("VALIDATION", failure(CallRequest.of("legacy.greet", new JsonObject().put("name", 5))));
    assertEquals("AUTHENTICATION", failure(CallRequest.of("legacy.secret", new JsonObject().put("name", "x"))));
  }

  @Test
  void aV1PluginWhoseInitializeAnswersFalseFails() {
    PluginRecord record = dhii.runtime().registry().plugin("uninit");
    assertEquals(PluginState.FAILED, record.state());
    assertTrue(record.cause().contains("initialize() returned false"), record.cause());
  }

  @Test
  void anApiVersion1EntrypointMustBeAV1Module() {
    PluginRecord record = dhii.runtime().registry().plugin("wrongcontract");
    assertEquals(PluginState.FAILED, record.state());
    assertTrue(record.cause().contains("DomainModule"), record.cause());
  }
}

package dev.dhii.runtime.testing;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime fixture: what it starts, where, and that it stops and removes everything it made. */
class DhiiRuntimeExtensionTest {

  @RegisterExtension
  static final DhiiRuntimeExtension shared = DhiiRuntimeExtension.builder()
    .plugins(dir -> TestManifests.write(dir, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null))
    .build();

  @RegisterExtension
  final DhiiRuntimeExtension perTest = DhiiRuntimeExtension.builder().manual().build();

  private static int firstPort = -1;

  @Test
  void aStaticFieldIsOneRuntimeForTheClassOnLoopbackPortsAndATemporaryFolder() throws Exception {
    assertTrue(shared.httpPort() > 0 && shared.tcpPort() > 0 && shared.httpPort() != shared.tcpPort());
    assertTrue(Files.isDirectory(shared.pluginDir().resolve("fx")), "the plugins were written before the start");
    assertEquals(shared.pluginDir().resolve("data"), shared.dataDir());
    assertEquals(200, shared.http().get("/health/live").send().await(10, TimeUnit.SECONDS).statusCode());
    JsonObject out = shared.http().post("/v1/capabilities/fx.echo/invoke").putHeader("content-type", "application/json")
      .sendJsonObject(new JsonObject().put("text", "hi")).await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertEquals("hi", out.getJsonObject("result").getString("text"));
    if (firstPort < 0) {
      firstPort = shared.httpPort();
    } else {
      assertEquals(firstPort, shared.httpPort(), "the same runtime in every test of the class");
    }
  }

  @Test
  void theSameRuntimeServesTheNextTest() throws Exception {
    aStaticFieldIsOneRuntimeForTheClassOnLoopbackPortsAndATemporaryFolder();
  }

  @Test
  void anInstanceFieldIsPerTestAndItsStopRemovesTheFolderAndClosesVertx() throws Exception {
    DhiiRuntimeExtension own = DhiiRuntimeExtension.builder().build();
    own.beforeEach(null);
    Path dir = own.pluginDir();
    int port = own.httpPort();
    assertNotEquals(shared.httpPort(), port);
    var vertx = own.vertx();
    own.afterEach(null);
    assertFalse(Files.exists(dir), "the plugin folder is removed");
    assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> vertx.setTimer(1, id -> { }), "Vert.x is closed");
    assertThrows(IllegalStateException.class, own::runtime);
  }

  @Test
  void aManualFixtureStartsWhenTheTestSaysWithMoreConfiguration() {
    assertThrows(IllegalStateException.class, perTest::runtime, "not started yet");
    perTest.start(new JsonObject().put("tcpBridge", new JsonObject().put("enabled", false)));
    assertTrue(perTest.httpPort() > 0);
    assertFalse(perTest.runtime().options().tcpBridgeEnabled());
  }

  @Test
  void aPortTakenByAnotherProcessFailsTheStartAfterFreshAttempts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      DhiiRuntimeExtension own = DhiiRuntimeExtension.builder().manual()
        .conf(new JsonObject().put("http", new JsonObject().put("port", taken.getLocalPort()))).build();
      own.beforeEach(null);
      IllegalStateException failure = assertThrows(IllegalStateException.class, own::start);
      assertTrue(String.valueOf(failure.getMessage()).contains("Address already in use")
        || failure.getCause() instanceof java.net.BindException, String.valueOf(failure));
      own.afterEach(null);
    }
  }
}

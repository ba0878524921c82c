package dev.dhii.plugins.email;

import com.icegreen.greenmail.util.GreenMail;
import dev.dhii.api.HealthStatus;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real runtime hosting the bundled email manifest, its plugin loaded from the test class path. */
final class EmailRuntime {

  static final Path MANIFEST = Path.of("../../manifests/email/manifest.json");

  private final Vertx vertx;
  final DhiiRuntime runtime;

  private EmailRuntime(Vertx vertx, DhiiRuntime runtime) {
    this.vertx = vertx;
    this.runtime = runtime;
  }

  /** @return the manifest's config pointing at {@code mail}, logging in as {@code login}/{@code password} */
  static JsonObject configFor(GreenMail mail, String login, String password) {
    return new JsonObject()
      .put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", mail.getSmtp().getPort())
        .put("username", login).put("password", password))
      .put("imap", new JsonObject().put("host", "127.0.0.1").put("port", mail.getImap().getPort())
        .put("username", login).put("password", password))
      .put("from", "dhii@localhost")
      .put("timeouts", new JsonObject().put("connectMs", 2000).put("readMs", 5000));
  }

  static EmailRuntime start(Path plugins, JsonObject config) throws Exception {
    JsonObject manifest = new JsonObject(Files.readString(MANIFEST));
    manifest.remove("classpath");
    manifest.put("config", config);
    Files.createDirectories(plugins.resolve("email"));
    Files.writeString(plugins.resolve("email/manifest.json"), manifest.encode());
    Vertx vertx = Vertx.vertx();
    RuntimeOptions options = new RuntimeOptions(new JsonObject()
      .put("http", new JsonObject().put("port", 0).put("instances", 1))
      .put("tcpBridge", new JsonObject().put("port", 0))
      // the data directory (and the JWT secret generated there) stays in the test's directory
      .put("plugins", new JsonObject().put("directories", new JsonArray().add(plugins.toString()))
        .put("dataDirectory", plugins.resolve("data").toString())));
    return new EmailRuntime(vertx, DhiiRuntime.start(vertx, options).await(30, TimeUnit.SECONDS));
  }

  void stop() throws Exception {
    runtime.stop().await(20, TimeUnit.SECONDS);
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  JsonObject call(String capability, JsonObject input) throws Exception {
    return runtime.dispatcher().invoke(CallRequest.of(capability, input).withUserId("alice")).await(20, TimeUnit.SECONDS).output();
  }

  CallFailure failure(String capability, JsonObject input) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> runtime.dispatcher()
      .invoke(CallRequest.of(capability, input).withUserId("alice")).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof CallFailure, String.valueOf(e.getCause()));
    return (CallFailure) e.getCause();
  }

  HealthStatus health() throws Exception {
    return runtime.registry().plugin("email").host().healthCheck(3000).await(5, TimeUnit.SECONDS);
  }
}

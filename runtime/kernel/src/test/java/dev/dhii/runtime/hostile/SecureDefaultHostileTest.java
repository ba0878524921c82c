package dev.dhii.runtime.hostile;

import dev.dhii.runtime.auth.GeneratedSecret;
import dev.dhii.runtime.auth.Tokens;
import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.fixtures.LifecyclePlugins;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secure by default: a runtime with no key configured has one generated in its data directory, and no
 * state-changing route answers without a valid admin token, whatever else the request carries; anonymous
 * callers get listings and health without causes, messages or paths, callers with a token the whole.
 */
class SecureDefaultHostileTest {

  static String secret;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    TestManifests.write(plugins, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null);
    TestManifests.write(plugins, "broken", LifecyclePlugins.ThrowsOnLoad.class, List.of("broken.any"), null);
  }).build();

  @BeforeAll
  static void start() throws Exception {
    // no auth.jwt key at all: the runtime generated one
    secret = Files.readString(dhii.pluginDir().resolve("data").resolve(GeneratedSecret.FILE)).trim();
  }

  private static JsonObject admin(JsonObject claims) {
    return claims.put("roles", new JsonArray().add("admin"));
  }

  private static String unsigned(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
      + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  /** The credentials a caller might bring, and the answer each gets on an admin route. */
  static Stream<String[]> credentials() {
    long now = System.currentTimeMillis() / 1000;
    String generated = secret;
    return Stream.of(
      new String[] {"none", null, "401"},
      new String[] {"empty bearer", "Bearer", "401"},
      new String[] {"not a JWT", "Bearer not-a-jwt", "401"},
      new String[] {"basic", "Basic YWRtaW46YWRtaW4=", "401"},
      new String[] {"another secret", "Bearer " + Tokens.hs256(admin(Tokens.claims("mallory")), Tokens.OTHER_SECRET), "401"},
      new String[] {"expired", "Bearer " + Tokens.hs256(admin(Tokens.claims("old")).put("iat", now - 7200).put("exp", now - 3600),
        generated), "401"},
      new String[] {"not yet valid", "Bearer " + Tokens.hs256(admin(Tokens.claims("early")).put("nbf", now + 3600), generated), "401"},
      new String[] {"alg none", "Bearer " + unsigned(admin(Tokens.claims("mallory"))), "401"},
      new String[] {"wrong audience", "Bearer " + Tokens.hs256(admin(Tokens.claims("a")).put("aud", "other"), generated), "401"},
      new String[] {"wrong issuer", "Bearer " + Tokens.hs256(admin(Tokens.claims("a")).put("iss", "other"), generated), "401"},
      new String[] {"no admin role", "Bearer " + Tokens.hs256(Tokens.claims("alice"), generated), "403"});
  }

  static Stream<Object[]> adminAttempts() {
    List<Object[]> cases = new ArrayList<>();
    List<String[]> creds = credentials().toList();
    for (String action : List.of("redeploy", "disable", "enable")) {
      for (String target : List.of("fx", "nobody", "broken")) {
        for (String[] c : creds) {
          cases.add(new Object[] {action, target, c[0], c[1], c[2]});
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} with {2}: {4}")
  @MethodSource("adminAttempts")
  void noAdminRouteAnswersWithoutAValidAdminToken(String action, String target, String what, String authorization,
                                                  String status) throws Exception {
    HttpResponse<Buffer> refused = HostileFixtures.post(dhii.http(), "/v1/plugins/" + target + "/" + action, new JsonObject(),
      authorization);
    assertEquals(Integer.parseInt(status), refused.statusCode(), refused.bodyAsString());
    assertEquals(status.equals("401") ? "AUTHENTICATION" : "FORBIDDEN", HostileFixtures.code(refused));
    assertFalse(refused.bodyAsString().contains("java."), refused.bodyAsString());
    assertEquals("READY", dhii.runtime().registry().plugin("fx").state().name(), "nothing changed");
    assertTrue(dhii.runtime().registry().plugin("fx").enabled());
    HostileFixtures.assertLive(dhii.http());
  }

  static Stream<Object[]> busAttempts() {
    List<Object[]> cases = new ArrayList<>();
    for (String action : List.of("redeploy", "disable", "enable")) {
      credentials().forEach(c -> cases.add(new Object[] {action, c[0], c[1], c[2]}));
    }
    return cases.stream();
  }

  /** Local code (a JVM plugin holds the Vert.x instance) asks the event bus admin address: same rules as HTTP. */
  @ParameterizedTest(name = "event bus {0} with {1}: {3}")
  @MethodSource("busAttempts")
  void theEventBusAdminAddressNeedsAnAdminTokenToo(String action, String what, String authorization, String status)
    throws Exception {
    io.vertx.core.eventbus.DeliveryOptions options = new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(10_000);
    if (authorization != null) {
      options.addHeader("authorization", authorization);
    }
    Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> dhii.vertx().eventBus()
      .request(dev.dhii.runtime.bus.Addresses.ADMIN, new JsonObject().put("action", action).put("pluginId", "fx"), options)
      .await(15, TimeUnit.SECONDS));
    io.vertx.core.eventbus.ReplyException reply = org.junit.jupiter.api.Assertions.assertInstanceOf(
      io.vertx.core.eventbus.ReplyException.class, refused);
    assertEquals(Integer.parseInt(status), reply.failureCode(), reply.getMessage());
    assertEquals(status.equals("401") ? "AUTHENTICATION" : "FORBIDDEN",
      new JsonObject(reply.getMessage()).getJsonObject("error").getString("code"));
    assertEquals("READY", dhii.runtime().registry().plugin("fx").state().name(), "nothing changed");
    assertTrue(dhii.runtime().registry().plugin("fx").enabled());
    HostileFixtures.assertLive(dhii.http());
  }

  @Test
  void aValidAdminTokenOfTheGeneratedSecretIsAccepted() throws Exception {
    String token = "Bearer " + Tokens.hs256(admin(Tokens.claims("root")), secret);
    assertEquals(200, HostileFixtures.post(dhii.http(), "/v1/plugins/fx/disable", new JsonObject(), token).statusCode());
    assertFalse(dhii.runtime().registry().plugin("fx").enabled());
    assertEquals(200, HostileFixtures.post(dhii.http(), "/v1/plugins/fx/enable", new JsonObject(), token).statusCode());
    assertEquals(200, HostileFixtures.post(dhii.http(), "/v1/plugins/fx/redeploy", new JsonObject(), token).statusCode());
    assertEquals("READY", dhii.runtime().registry().plugin("fx").state().name());
    assertEquals(404, HostileFixtures.post(dhii.http(), "/v1/plugins/nobody/disable", new JsonObject(), token).statusCode());
    JsonObject overTheBus = dhii.vertx().eventBus().<JsonObject>request(dev.dhii.runtime.bus.Addresses.ADMIN,
        new JsonObject().put("action", "enable").put("pluginId", "fx"),
        new io.vertx.core.eventbus.DeliveryOptions().addHeader("authorization", token).setSendTimeout(10_000))
      .await(15, TimeUnit.SECONDS).body();
    assertEquals("READY", overTheBus.getString("state"));
    HostileFixtures.assertLive(dhii.http());
  }

  // --- what anonymous callers see ---

  @ParameterizedTest(name = "anonymous {0} has no causes, class names or paths")
  @ValueSource(strings = {"/v1/plugins", "/v1/plugins/broken", "/v1/plugins/fx", "/health", "/v1/capabilities", "/metrics",
    "/health/ready", "/api/kernel/health"})
  void anonymousCallersSeeNoInternals(String path) throws Exception {
    for (String authorization : new String[] {null, "Bearer forged.token.here"}) {
      var request = dhii.http().get(path);
      if (authorization != null) {
        request.putHeader("authorization", authorization);
      }
      HttpResponse<Buffer> seen = request.send().await(10, TimeUnit.SECONDS);
      assertTrue(seen.statusCode() == 200 || seen.statusCode() == 503, path + ": " + seen.statusCode());
      String body = seen.bodyAsString();
      assertFalse(body.contains("java.") || body.contains("Exception"), body);
      assertFalse(body.contains(dhii.pluginDir().toString()), "a file path: " + body);
      assertFalse(body.contains("\"cause\""), body);
    }
    HostileFixtures.assertLive(dhii.http());
  }

  @ParameterizedTest(name = "{0} in full with a token")
  @ValueSource(strings = {"/v1/plugins", "/v1/plugins/broken", "/health"})
  void callersWithATokenSeeTheCauses(String path) throws Exception {
    String token = "Bearer " + Tokens.hs256(Tokens.claims("alice"), secret);
    String body = dhii.http().get(path).putHeader("authorization", token).send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertTrue(body.contains("\"cause\""), body);
    HostileFixtures.assertLive(dhii.http());
  }

  // --- the generated secret ---

  @Test
  void theGeneratedSecretIsPrivateAndLongEnough() throws Exception {
    Path file = dhii.pluginDir().resolve("data").resolve(GeneratedSecret.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(secret.getBytes(StandardCharsets.UTF_8).length >= 32, secret);
    assertEquals(secret, GeneratedSecret.loadOrCreate(dhii.pluginDir().resolve("data")), "a restart reads the same");
    HostileFixtures.assertLive(dhii.http());
  }

  @Test
  void concurrentFirstStartsAgreeOnOneSecret(@TempDir Path data) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<String>> starts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        starts.add(() -> GeneratedSecret.loadOrCreate(data));
      }
      Set<String> secrets = new HashSet<>();
      for (Future<String> f : pool.invokeAll(starts, 30, TimeUnit.SECONDS)) {
        secrets.add(f.get());
      }
      assertEquals(1, secrets.size(), secrets.toString());
      try (Stream<Path> left = Files.list(data)) {
        assertEquals(List.of(GeneratedSecret.FILE), left.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
      }
    } finally {
      pool.shutdownNow();
    }
    HostileFixtures.assertLive(dhii.http());
  }

  @Test
  void aTruncatedSecretFileIsRefusedNotUsed(@TempDir Path data) throws Exception {
    Files.writeString(data.resolve(GeneratedSecret.FILE), "short");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> GeneratedSecret.loadOrCreate(data));
    assertTrue(refused.getMessage().contains("fewer than 32"), refused.getMessage());
    HostileFixtures.assertLive(dhii.http());
  }

  @Test
  void aCapabilityThatNeedsAUserStillRefusesAnonymousCallers() throws Exception {
    HttpResponse<Buffer> anonymous = HostileFixtures.post(dhii.http(), "/v1/capabilities/fx.secure/invoke",
      new JsonObject().put("text", "x"), null);
    assertEquals(401, anonymous.statusCode(), anonymous.bodyAsString());
    HttpResponse<Buffer> alice = HostileFixtures.post(dhii.http(), "/v1/capabilities/fx.secure/invoke", new JsonObject().put("text", "x"),
      "Bearer " + Tokens.hs256(Tokens.claims("alice"), secret));
    assertEquals(200, alice.statusCode(), alice.bodyAsString());
    HostileFixtures.assertLive(dhii.http());
  }
}

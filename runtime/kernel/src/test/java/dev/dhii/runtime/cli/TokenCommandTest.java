package dev.dhii.runtime.cli;

import dev.dhii.runtime.auth.JwtAuthenticator;
import dev.dhii.runtime.config.JwtOptions;
import dev.dhii.runtime.auth.Tokens;
import dev.dhii.runtime.dispatch.Principal;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii token}: a development token that the runtime with the same key accepts, and its refusals. */
class TokenCommandTest {

  @RegisterExtension
  static final DhiiRuntimeExtension fixture = DhiiRuntimeExtension.vertxOnly();

  @TempDir
  Path dir;

  Path conf(JsonObject jwt) throws IOException {
    return Files.writeString(dir.resolve("runtime.json"), new JsonObject().put("auth", new JsonObject().put("jwt", jwt)).encode());
  }

  static JsonObject payload(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  static Principal verify(String token, JwtOptions options) throws Exception {
    return new JwtAuthenticator(fixture.vertx(), options).authenticate("Bearer " + token).await(10, TimeUnit.SECONDS);
  }

  /** Runs {@code dhii} in-process. */
  static String[] main(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new String[] {Integer.toString(code), stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void theTokenVerifiesWithTheConfiguredKeyAndCarriesSubRolesAndExp() throws Exception {
    Path conf = conf(new JsonObject().put("secret", Tokens.SECRET));
    String[] run = main("token", "--sub", "alice", "--role", "admin", "--role", "ops,dev", "--ttl", "30m", "--conf", conf.toString());
    assertEquals("0", run[0], run[2]);
    String token = run[1].trim();
    assertEquals(1, run[1].lines().count(), "only the token on stdout: " + run[1]);
    Principal principal = verify(token, new JwtOptions().setSecret(Tokens.SECRET));
    assertEquals("alice", principal.userId());
    assertEquals(Set.of("admin", "ops", "dev"), principal.roles());
    JsonObject claims = payload(token);
    assertEquals(new JsonArray().add("admin").add("ops").add("dev"), claims.getJsonArray("roles"));
    assertEquals(1800, claims.getLong("exp") - claims.getLong("iat"));
    assertTrue(Math.abs(claims.getLong("exp") - (System.currentTimeMillis() / 1000 + 1800)) < 60);
    assertEquals("dhii", claims.getString("iss"));
  }

  @Test
  void theSecretMayComeFromTheEnvironment() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TokenCommand command = new TokenCommand();
    command.env = Map.of("DHII_JWT_SECRET", Tokens.OTHER_SECRET);
    int code = new CommandLine(command).setOut(writer(out)).execute("--sub", "bob");
    assertEquals(0, code);
    String token = out.toString(StandardCharsets.UTF_8).trim();
    assertEquals("bob", verify(token, new JwtOptions().setSecret(Tokens.OTHER_SECRET)).userId());
    JsonObject claims = payload(token);
    assertEquals(3600, claims.getLong("exp") - claims.getLong("iat"), "one hour by default");
    assertFalse(claims.containsKey("roles"));
  }

  @Test
  void withoutASecretItSignsWithTheOneGeneratedInTheDataDirectory(@TempDir Path data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TokenCommand command = new TokenCommand();
    command.env = Map.of("DHII_DATA_DIR", data.toString());
    int code = new CommandLine(command).setOut(writer(out)).setErr(writer(err)).execute("--role", "admin");
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String secret = Files.readString(data.resolve(dev.dhii.runtime.auth.GeneratedSecret.FILE)).trim();
    // the token a running runtime with the same data directory accepts: --role admin alone means --sub admin
    Principal admin = new JwtAuthenticator(fixture.vertx(), new JwtOptions().setSecret(secret))
      .authenticate("Bearer " + out.toString(StandardCharsets.UTF_8).trim()).await(10, TimeUnit.SECONDS);
    assertEquals("admin", admin.userId());
    assertTrue(admin.isAdmin());
  }

  @Test
  void aPublicKeyDeploymentCannotSignTokens() throws IOException {
    Path conf = conf(new JsonObject().put("algorithm", "RS256")
      .put("publicKey", Tokens.publicPem(Tokens.rsaKeyPair())));
    String[] run = main("token", "--sub", "alice", "--conf", conf.toString());
    assertEquals("2", run[0]);
    assertTrue(run[2].contains("HMAC secret"), run[2]);
  }

  @Test
  void aShortSecretIsRefused() throws IOException {
    String[] run = main("token", "--sub", "alice", "--conf", conf(new JsonObject().put("secret", "short")).toString());
    assertEquals("2", run[0]);
    assertTrue(run[2].contains("at least 32"), run[2]);
  }

  @Test
  void aMissingSubjectOrABadTtlIsAUsageError() {
    String[] run = main("token", "--role", "ops");
    assertEquals("2", run[0]);
    assertTrue(run[2].contains("--sub"), run[2]);
    run = main("token", "--sub", "alice", "--ttl", "soon");
    assertEquals("2", run[0]);
    assertTrue(run[2].contains("--ttl"), run[2]);
  }

  @Test
  void theTtlTakesSecondsMinutesHoursOrDays() {
    assertEquals(Duration.ofHours(1), TokenCommand.parseTtl("1h"));
    assertEquals(Duration.ofMinutes(30), TokenCommand.parseTtl("30m"));
    assertEquals(Duration.ofSeconds(3600), TokenCommand.parseTtl("3600s"));
    assertEquals(Duration.ofSeconds(90), TokenCommand.parseTtl("90"));
    assertEquals(Duration.ofDays(7), TokenCommand.parseTtl("7d"));
    assertThrows(UsageException.class, () -> TokenCommand.parseTtl("0"));
    assertThrows(UsageException.class, () -> TokenCommand.parseTtl("-5m"));
    assertThrows(UsageException.class, () -> TokenCommand.parseTtl("1w"));
  }

  @Test
  void aRepeatableFlagCollectsEveryValue() {
    TokenCommand command = new TokenCommand();
    CliConventions.apply(new CommandLine(command)).parseArgs("--role", "admin", "--role=ops, dev", "--sub", "a", "--sub", "b");
    assertEquals(java.util.List.of("admin", "ops", "dev"), command.roles());
    assertEquals("b", command.sub, "a flag that does not repeat keeps its last value");
  }

  static java.io.PrintWriter writer(ByteArrayOutputStream bytes) {
    return new java.io.PrintWriter(new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
  }
}

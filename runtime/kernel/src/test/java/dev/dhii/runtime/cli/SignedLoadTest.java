package dev.dhii.runtime.cli;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.JarPlugins;
import dev.dhii.runtime.trust.Ed25519Keys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load under {@code plugins.trust.requireSigned} in a real runtime: installed bundles signed by either trusted key
 * serve; a directory changed after install, one with a file added, and an unsigned one are FAILED with their
 * reason in {@code /v1/plugins}.
 */
class SignedLoadTest {

  static final KeyPair OLD = Ed25519Keys.generate();
  static final KeyPair NEW = Ed25519Keys.generate();

  static JsonObject trust() {
    return new JsonObject().put("plugins", new JsonObject().put("trust", new JsonObject().put("requireSigned", true)
      .put("publicKeys", new JsonArray().add(Ed25519Keys.toPem(OLD.getPublic())).add(Ed25519Keys.toPem(NEW.getPublic())))));
  }

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(SignedLoadTest::install)
    .conf(trust().put("tcpBridge", new JsonObject().put("enabled", false))).build();

  @RegisterExtension
  final DhiiRuntimeExtension broken = DhiiRuntimeExtension.builder().manual()
    .conf(new JsonObject().put("plugins", new JsonObject().put("trust", new JsonObject()
      .put("publicKeys", new JsonArray().add("keys/nowhere.pub"))))).build();

  /** Bundles, signs and installs through the command line, then changes what an attacker would. */
  static void install(Path plugins) throws Exception {
    Path work = Files.createDirectories(plugins.resolve(".work")); // two levels below: never discovered
    Files.writeString(work.resolve("old.key"), Ed25519Keys.toPem(OLD.getPrivate()));
    Files.writeString(work.resolve("new.key"), Ed25519Keys.toPem(NEW.getPrivate()));
    Path conf = Files.writeString(work.resolve("runtime.json"), trust().encode());
    for (String[] plugin : new String[][] {{"good", "old"}, {"rotated", "new"}, {"tampered", "old"}, {"added", "new"},
      {"redeployed", "old"}}) {
      Path src = JarPlugins.write(work.resolve("src"), plugin[0], "1.0.0", null, null, null);
      Path zip = work.resolve(plugin[0] + ".zip");
      Cli.Run bundled = Cli.run("plugin", "bundle", src.toString(), "--out", zip.toString(), "--sign",
        work.resolve(plugin[1] + ".key").toString());
      assertEquals(0, bundled.code(), bundled.all());
      Cli.Run installed = Cli.run("plugin", "install", zip.toString(), "--plugins", plugins.toString(), "--conf", conf.toString());
      assertEquals(0, installed.code(), installed.all());
    }
    // a jar replaced after install by another plugin's (valid, but not the signed one)
    Path other = JarPlugins.write(work.resolve("other"), "tampered", "2.0.0", null, null, null);
    Files.copy(other.resolve("tampered.jar"), plugins.resolve("tampered/tampered.jar"), StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(plugins.resolve("added/lib"));
    Files.writeString(plugins.resolve("added/lib/extra.jar"), "smuggled");
    JarPlugins.write(plugins, "unsigned", "1.0.0", null, null, null);
  }

  static JsonObject plugin(String id) throws Exception {
    HttpResponse<Buffer> response = dhii.http().get("/v1/plugins/" + id).putHeader("authorization", dhii.admin()).send()
      .await(10, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> invoke(String id, String name) throws Exception {
    return dhii.http().post("/v1/capabilities/" + id + ".hello/invoke").putHeader("content-type", "application/json")
      .sendBuffer(Buffer.buffer(new JsonObject().put("name", name).encode())).await(10, TimeUnit.SECONDS);
  }

  static void assertHello(String id, String name) throws Exception {
    HttpResponse<Buffer> call = invoke(id, name);
    assertEquals(200, call.statusCode(), call.bodyAsString());
    assertEquals("hello " + name, call.bodyAsJsonObject().getJsonObject("result").getString("text"));
  }

  @Test
  void bundlesSignedByEitherTrustedKeyServe() throws Exception {
    for (String id : new String[] {"good", "rotated"}) {
      assertEquals("READY", plugin(id).getString("state"), plugin(id).encode());
      assertHello(id, "signed");
    }
  }

  @Test
  void aDirectoryChangedAfterInstallIsFailedWithItsReason() throws Exception {
    JsonObject tampered = plugin("tampered");
    assertEquals("FAILED", tampered.getString("state"), tampered.encode());
    assertTrue(tampered.getString("cause").startsWith("Untrusted: plugin tampered is refused: tampered after signing: "
      + "tampered.jar in "), tampered.encode());
    assertTrue(tampered.getString("cause").endsWith(" does not match SHA256SUMS"), tampered.encode());

    JsonObject added = plugin("added");
    assertEquals("FAILED", added.getString("state"), added.encode());
    assertTrue(added.getString("cause").contains("files not listed in SHA256SUMS in ") && added.getString("cause")
      .endsWith(": [lib/extra.jar]"), added.encode());
  }

  @Test
  void aRedeployOfADirectoryChangedSinceItLoadedIsRefusedAndTheOldGenerationServes() throws Exception {
    assertEquals("READY", plugin("redeployed").getString("state"));
    Path manifest = dhii.pluginDir().resolve("redeployed/manifest.json");
    Files.writeString(manifest, new JsonObject(Files.readString(manifest)).put("description", "changed").encodePrettily());
    HttpResponse<Buffer> redeploy = dhii.http().post("/v1/plugins/redeployed/redeploy").putHeader("authorization", dhii.admin())
      .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{}")).await(30, TimeUnit.SECONDS);
    assertTrue(redeploy.statusCode() != 200 && redeploy.bodyAsString().contains("tampered after signing: manifest.json"),
      redeploy.statusCode() + " " + redeploy.bodyAsString());
    assertHello("redeployed", "still");
  }

  @Test
  void anUnsignedDirectoryIsFailedUnderRequireSigned() throws Exception {
    JsonObject unsigned = plugin("unsigned");
    assertEquals("FAILED", unsigned.getString("state"), unsigned.encode());
    assertTrue(unsigned.getString("cause").endsWith("is not signed (no SHA256SUMS.sig) and plugins.trust.requireSigned is on"),
      unsigned.encode());
    HttpResponse<Buffer> call = invoke("unsigned", "x");
    assertTrue(call.statusCode() >= 400 && call.statusCode() < 500 || call.statusCode() == 503, call.bodyAsString());
  }

  @Test
  void anUnreadableTrustedKeyFailsTheStartNamingIt() {
    Exception e = assertThrows(Exception.class, broken::start);
    String all = String.valueOf(e.getMessage()) + " " + (e.getCause() == null ? "" : e.getCause().getMessage());
    assertTrue(all.contains("invalid trusted key plugins.trust.publicKeys[0] (keys/nowhere.pub)"), all);
  }
}

package dev.dhii.runtime.cli;

import dev.dhii.runtime.testing.JarPlugins;
import dev.dhii.runtime.trust.Ed25519Keys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dhii plugin keygen}, {@code bundle --sign} and what {@code install} accepts and refuses under the trust policy. */
class SignedBundleTest {

  @TempDir
  Path dir;
  Path plugin;
  Path plugins;

  @BeforeEach
  void writePlugin() {
    plugin = JarPlugins.write(dir.resolve("src"), "signed", "1.0.0", null, null, null);
    plugins = dir.resolve("plugins");
  }

  /** @return the key id keygen printed */
  String keygen(String prefix) {
    Cli.Run run = Cli.run("plugin", "keygen", "--out", dir.resolve(prefix).toString());
    assertEquals(0, run.code(), run.all());
    String line = run.out().lines().filter(l -> l.startsWith("Key id: ")).findFirst().orElseThrow();
    return line.substring("Key id: ".length());
  }

  Path bundle(String name, String... sign) {
    Path zip = dir.resolve(name + ".zip");
    List<String> args = new java.util.ArrayList<>(List.of("plugin", "bundle", plugin.toString(), "--out", zip.toString()));
    args.addAll(List.of(sign));
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    assertEquals(0, run.code(), run.all());
    return zip;
  }

  /** A configuration trusting the given keys (PEM files), under requireSigned or not. */
  Path conf(boolean requireSigned, String... keys) throws IOException {
    JsonArray publicKeys = new JsonArray();
    for (String key : keys) {
      publicKeys.add(dir.resolve(key + ".pub").toString());
    }
    return Files.writeString(dir.resolve("runtime-" + requireSigned + "-" + keys.length + ".json"), new JsonObject()
      .put("plugins", new JsonObject().put("trust", new JsonObject().put("requireSigned", requireSigned)
        .put("publicKeys", publicKeys))).encode());
  }

  Cli.Run install(Path zip, Path conf) {
    return Cli.run("plugin", "install", zip.toString(), "--plugins", plugins.toString(), "--conf", conf.toString());
  }

  void assertRefused(Cli.Run run, String reason) throws IOException {
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("dhii plugin install: refused, " + reason), run.all());
    if (Files.exists(plugins)) {
      try (Stream<Path> files = Files.list(plugins)) {
        assertEquals(List.of(), files.toList(), "nothing is left in the plugins directory");
      }
    }
  }

  Path tampered(Path zip, String name, byte[] content) {
    Map<String, byte[]> entries = new LinkedHashMap<>(Cli.entries(zip));
    entries.put(name, content);
    return Cli.zip(dir.resolve("tampered.zip"), entries);
  }

  @Test
  void keygenWritesAPrivateKeyOnlyTheOwnerReadsAndRefusesToOverwrite() throws IOException {
    Cli.Run run = Cli.run("plugin", "keygen", "--out", dir.resolve("release").toString());
    assertEquals(0, run.code(), run.all());
    Path key = dir.resolve("release.key");
    Path pub = dir.resolve("release.pub");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    String id = Ed25519Keys.keyId(Ed25519Keys.readPublic(Files.readString(pub)));
    assertTrue(run.out().contains("Key id: " + id), run.all());
    assertTrue(run.out().contains("plugins.trust.publicKeys") && run.out().contains("DHII_TRUSTED_KEYS=" + pub), run.all());
    assertArrayEquals(Ed25519Keys.readPublic(Files.readString(pub)).getEncoded(),
      Ed25519Keys.publicKey(Ed25519Keys.readPrivate(Files.readString(key))).getEncoded());

    String before = Files.readString(key);
    Cli.Run again = Cli.run("plugin", "keygen", "--out", dir.resolve("release").toString());
    assertEquals(1, again.code(), again.all());
    assertTrue(again.err().contains(key + " exists; not overwritten (--force replaces it)"), again.all());
    assertEquals(before, Files.readString(key));

    Cli.Run forced = Cli.run("plugin", "keygen", "--out", dir.resolve("release").toString(), "--force");
    assertEquals(0, forced.code(), forced.all());
    assertFalse(before.equals(Files.readString(key)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals(2, Cli.run("plugin", "keygen", "--bogus").code());
  }

  @Test
  void aSignedBundleCarriesTheSignatureOfItsChecksumsAndIsReproducible() throws IOException {
    String id = keygen("release");
    Path zip = bundle("signed", "--sign", dir.resolve("release.key").toString());
    Map<String, byte[]> entries = Cli.entries(zip);
    assertEquals(List.of("manifest.json", "signed.jar", "SHA256SUMS", "SHA256SUMS.sig"), List.copyOf(entries.keySet()));
    String sig = new String(entries.get("SHA256SUMS.sig"), StandardCharsets.US_ASCII);
    assertTrue(sig.startsWith("key-id: " + id + "\n"), sig);
    byte[] first = Files.readAllBytes(zip);
    assertArrayEquals(first, Files.readAllBytes(bundle("signed", "--sign", dir.resolve("release.key").toString())));

    Path notAKey = Files.writeString(dir.resolve("release.txt"), "hello");
    Cli.Run bad = Cli.run("plugin", "bundle", plugin.toString(), "--out", dir.resolve("bad.zip").toString(), "--sign", notAKey.toString());
    assertEquals(1, bad.code(), bad.all());
    assertTrue(bad.err().contains("the signing key " + notAKey + " is no -----BEGIN PRIVATE KEY----- block"), bad.all());
    assertFalse(Files.exists(dir.resolve("bad.zip")));
  }

  @Test
  void aBundleSignedByATrustedKeyInstallsWithItsChecksumsAndSignature() throws IOException {
    String id = keygen("release");
    Path zip = bundle("signed", "--sign", dir.resolve("release.key").toString());
    Cli.Run run = install(zip, conf(true, "release"));
    assertEquals(0, run.code(), run.all());
    assertTrue(run.out().contains("Signature verified: signed by trusted key " + id + "."), run.all());
    Map<String, byte[]> entries = Cli.entries(zip);
    for (String name : List.of("SHA256SUMS", "SHA256SUMS.sig", "manifest.json", "signed.jar")) {
      assertArrayEquals(entries.get(name), Files.readAllBytes(plugins.resolve("signed").resolve(name)), name);
    }
  }

  @Test
  void anUnsignedBundleIsRefusedUnderRequireSignedAndInstallsWithANoteOtherwise() throws IOException {
    keygen("release");
    Path zip = bundle("unsigned");
    assertRefused(install(zip, conf(true, "release")),
      "the bundle is not signed (no SHA256SUMS.sig) and plugins.trust.requireSigned is on");
    Cli.Run run = install(zip, conf(false));
    assertEquals(0, run.code(), run.all());
    assertTrue(run.out().contains("Note: the bundle is not signed; it installs because plugins.trust.requireSigned is off."),
      run.all());
  }

  @Test
  void tamperedBundlesAreRefusedWithTheirReasonAndNothingLeftBehind() throws IOException {
    String id = keygen("release");
    Path conf = conf(true, "release");
    Path zip = bundle("signed", "--sign", dir.resolve("release.key").toString());
    Map<String, byte[]> entries = Cli.entries(zip);

    assertRefused(install(tampered(zip, "manifest.json", "{}".getBytes(StandardCharsets.UTF_8)), conf),
      "checksum mismatch for manifest.json");

    // the file and its line in SHA256SUMS changed together: only the signature catches it
    byte[] jar = "not the jar".getBytes(StandardCharsets.UTF_8);
    String sums = new String(entries.get("SHA256SUMS"), StandardCharsets.UTF_8)
      .replace(Checksums.sha256(entries.get("signed.jar")), Checksums.sha256(jar));
    Map<String, byte[]> rewritten = new LinkedHashMap<>(entries);
    rewritten.put("signed.jar", jar);
    rewritten.put("SHA256SUMS", sums.getBytes(StandardCharsets.UTF_8));
    String changed = "the signature does not verify with trusted key " + id
      + ": SHA256SUMS or SHA256SUMS.sig was changed after signing";
    assertRefused(install(Cli.zip(dir.resolve("sums.zip"), rewritten), conf), changed);

    // another valid signature, made for other bytes
    byte[] other = dev.dhii.runtime.trust.SignedSums.sign(Ed25519Keys.readPrivate(Files.readString(dir.resolve("release.key"))),
      "other".getBytes(StandardCharsets.UTF_8));
    assertRefused(install(tampered(zip, "SHA256SUMS.sig", other), conf), changed);

    assertRefused(install(tampered(zip, "SHA256SUMS.sig", "key-id: 0123456789abcdef\n%%%\n".getBytes(StandardCharsets.UTF_8)), conf),
      "malformed SHA256SUMS.sig: the signature is not base64");
  }

  @Test
  void aBundleByAnUntrustedKeyIsRefusedNamingItsKeyId() throws IOException {
    keygen("release");
    String stranger = keygen("stranger");
    Path zip = bundle("stranger", "--sign", dir.resolve("stranger.key").toString());
    assertRefused(install(zip, conf(true, "release")), "the bundle is signed by key " + stranger + " that is not trusted");
    // a signature is checked even when unsigned bundles are allowed
    assertRefused(install(zip, conf(false, "release")), "the bundle is signed by key " + stranger + " that is not trusted");
  }

  @Test
  void aMalformedTrustedKeyInTheConfigurationIsNamed() throws IOException {
    keygen("release");
    Files.writeString(dir.resolve("broken.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    Cli.Run run = install(bundle("signed", "--sign", dir.resolve("release.key").toString()), conf(true, "release", "broken"));
    assertEquals(1, run.code(), run.all());
    assertTrue(run.err().contains("invalid trusted key plugins.trust.publicKeys[1] (" + dir.resolve("broken.pub")
      + "): not an Ed25519 public key (X.509 PEM)"), run.all());
    assertFalse(Files.exists(plugins.resolve("signed")));
  }

  /** Runs {@code dhii} as its own JVM (the launcher's main class) with {@code env} added: exit code and output. */
  Cli.Run dhii(Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
      .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("dhii did not exit in 120 s");
    }
    return new Cli.Run(process.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
  }

  @Test
  void theEnvironmentSetsThePolicyOfTheRealCommand() throws Exception {
    String id = keygen("release");
    Path unsigned = bundle("unsigned");
    Path signed = bundle("signed", "--sign", dir.resolve("release.key").toString());
    Cli.Run refused = dhii(Map.of("DHII_REQUIRE_SIGNED", "true"), "plugin", "install", unsigned.toString(), "--plugins", plugins.toString());
    assertRefused(refused, "the bundle is not signed (no SHA256SUMS.sig) and plugins.trust.requireSigned is on");
    Cli.Run installed = dhii(Map.of("DHII_REQUIRE_SIGNED", "true", "DHII_TRUSTED_KEYS", dir.resolve("release.pub").toString()),
      "plugin", "install", signed.toString(), "--plugins", plugins.toString());
    assertEquals(0, installed.code(), installed.all());
    assertTrue(installed.out().contains("signed by trusted key " + id), installed.all());
  }

  @Test
  void afterARotationBundlesOfEitherKeyInstall() throws IOException {
    String old = keygen("old");
    String current = keygen("new");
    Path conf = conf(true, "old", "new");
    Cli.Run first = install(bundle("by-old", "--sign", dir.resolve("old.key").toString()), conf);
    assertEquals(0, first.code(), first.all());
    assertTrue(first.out().contains("trusted key " + old), first.all());
    Cli.Run second = Cli.run("plugin", "install", bundle("by-new", "--sign", dir.resolve("new.key").toString()).toString(),
      "--plugins", plugins.toString(), "--conf", conf.toString(), "--force");
    assertEquals(0, second.code(), second.all());
    assertTrue(second.out().contains("trusted key " + current), second.all());
  }
}

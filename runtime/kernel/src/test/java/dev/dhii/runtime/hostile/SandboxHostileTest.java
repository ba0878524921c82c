package dev.dhii.runtime.hostile;

import dev.dhii.runtime.auth.Tokens;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.process.LaunchSpec;
import dev.dhii.runtime.process.ProcessLauncher;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A hostile Python process plugin under the sandbox: each probe tries one thing a plugin must not do
 * (read the runtime's secret, files outside its directories, write outside its data directory, open a
 * socket without the {@code network} permission, act as admin) and must fail at that step; the same probe
 * with the permission shows what it grants. The environment cases need no bubblewrap; the rest are skipped
 * without it (CI installs it).
 */
class SandboxHostileTest {

  @TempDir
  static Path outside;
  @TempDir
  static Path venvs;
  static boolean sandboxed;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    sandboxed = HostileFixtures.bubblewrap();
    HostileFixtures.probePlugin(plugins, "jail", List.of(), new JsonObject().put("env", new JsonObject()
      .put("GREETING", "hello")));
    HostileFixtures.probePlugin(plugins, "netted", List.of("network"), null);
    // a plugin whose command is a virtual environment's interpreter (its base installation is elsewhere)
    Process venv = new ProcessBuilder("python3", "-m", "venv", "--without-pip", venvs.resolve("env").toString())
      .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(venv.waitFor(60, TimeUnit.SECONDS) && venv.exitValue() == 0, "python3 -m venv");
    HostileFixtures.probePlugin(plugins, "venvy", List.of(), new JsonObject().put("command", new JsonArray()
      .add(venvs.resolve("env/bin/python").toString()).add("probe_plugin.py")));
    // a manifest that tries to hand its process a runtime variable
    HostileFixtures.probePlugin(plugins, "smuggler", List.of(), new JsonObject().put("env", new JsonObject()
      .put("DHII_JWT_SECRET", "mine")));
    Files.writeString(outside.resolve("private.txt"), "not for plugins");
  }).conf(new JsonObject()
    .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", Tokens.SECRET)))).build();

  private static JsonObject probe(String plugin, JsonObject input) throws Exception {
    return dhii.runtime().dispatcher().invoke(CallRequest.of(plugin + ".run", input))
      .await(20, TimeUnit.SECONDS).output();
  }

  private static JsonObject probe(String plugin, String probe, String key, Object value) throws Exception {
    JsonObject input = new JsonObject().put("probe", probe);
    if (key != null) {
      input.put(key, value);
    }
    return probe(plugin, input);
  }

  private static void refused(JsonObject outcome) throws Exception {
    assertFalse(outcome.getBoolean("ok"), "the plugin managed it: " + outcome);
    HostileFixtures.assertLive(dhii.http());
  }

  // --- the environment: no secret, never the dhii.runtime()'s environment wholesale (any isolation level) ---

  @Test
  void theRuntimesSecretIsNotInTheEnvironment() throws Exception {
    refused(probe("jail", "env-secret", null, null));
    refused(probe("jail", "env-value", "value", Tokens.SECRET));
  }

  @Test
  void theEnvironmentHoldsOnlyAllowedNames() throws Exception {
    JsonObject names = probe("jail", "env-names", null, null);
    assertTrue(names.getBoolean("ok"), names.encode());
    String listed = names.getString("detail");
    for (String name : listed.replaceAll("[\\[\\]' ]", "").split(",")) {
      assertTrue(name.startsWith("LC_") || Set.of("PATH", "HOME", "TMPDIR", "LANG", "LANGUAGE", "TZ", "TERM", "PYTHONPATH",
        "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONHASHSEED", "PYENV_ROOT",
        "PYENV_VERSION", "GREETING", "PWD").contains(name) || ProcessLauncher.PROTOCOL.contains(name), "unexpected " + name);
    }
    assertTrue(listed.contains("GREETING"), "the manifest's env is passed: " + listed);
    HostileFixtures.assertLive(dhii.http());
  }

  static Stream<String> parentSecrets() {
    return Stream.of("DHII_JWT_SECRET", "DHII_JWT_PUBLIC_KEY", "DHII_JWT_ALGORITHM", "DHII_SMTP_PASSWORD", "DHII_IMAP_PASSWORD",
      "DHII_HTTP_PORT", "DHII_DATA_DIR", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "LD_PRELOAD", "JAVA_TOOL_OPTIONS",
      "SSH_AUTH_SOCK", "PYTHONSTARTUP", "OTEL_EXPORTER_OTLP_HEADERS", "MAVEN_OPTS");
  }

  @ParameterizedTest(name = "the runtime's {0} does not reach a process")
  @MethodSource("parentSecrets")
  void noVariableOfTheRuntimeOutsideTheAllowListReachesAProcess(String name) throws Exception {
    Map<String, String> parent = Map.of(name, "leaked-value-0123456789", "PATH", "/usr/bin:/bin", "LC_ALL", "C.UTF-8");
    PluginManifest manifest = dhii.runtime().registry().plugin("jail").manifest();
    Map<String, String> protocol = new HashMap<>(Map.of("DHII_PLUGIN_ID", "jail", "DHII_JWT_SECRET", "smuggled"));
    Map<String, String> env = new ProcessLauncher("off", 65534, null, parent).environment(new LaunchSpec(List.of("python3"),
      dhii.pluginDir().resolve("jail"), Map.of("DHII_JWT_SECRET", "extra"), List.of(), dhii.pluginDir().resolve("data/jail")), manifest,
      protocol, "/tmp");
    assertNull(env.get(name), env.toString());
    assertFalse(env.containsValue("leaked-value-0123456789"), env.toString());
    assertNull(env.get("DHII_JWT_SECRET"), "a DHII_* outside the protocol never passes: " + env);
    assertEquals("C.UTF-8", env.get("LC_ALL"));
    assertEquals(dhii.pluginDir().resolve("data/jail").toString(), env.get("HOME"));
    HostileFixtures.assertLive(dhii.http());
  }

  @Test
  void aVirtualEnvironmentsInterpreterRunsInTheSandboxAsItself() throws Exception {
    assertEquals("READY", dhii.runtime().registry().plugin("venvy").state().name(), dhii.runtime().registry().plugin("venvy").cause());
    JsonObject prefix = probe("venvy", new JsonObject().put("probe", "list").put("path", venvs.resolve("env").toString()));
    assertTrue(prefix.getBoolean("ok") && prefix.getString("detail").contains("pyvenv.cfg"), prefix.encode());
    HostileFixtures.assertLive(dhii.http());
  }

  @Test
  void aManifestCannotDeclareADhiiVariable() throws Exception {
    JsonObject listing = dhii.http().get("/v1/plugins").putHeader("authorization", "Bearer " + Tokens.hs256(Tokens.claims("op")))
      .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    JsonObject rejected = listing.getJsonArray("rejected").stream().map(JsonObject.class::cast)
      .filter(r -> "smuggler".equals(r.getString("pluginId"))).findFirst().orElseThrow(() -> new AssertionError(listing.encode()));
    assertTrue(rejected.encode().contains("/env"), rejected.encode());
    assertNull(dhii.runtime().registry().plugin("smuggler"));
    HostileFixtures.assertLive(dhii.http());
  }

  @ParameterizedTest(name = "process.sandbox {0} without bubblewrap on PATH: {1}")
  @org.junit.jupiter.params.provider.CsvSource({"auto, process", "off, process", "required, refused", "strict, invalid"})
  void withoutBubblewrapTheIsolationLevelIsSaidOrTheStartRefused(String mode, String expected) throws Exception {
    Map<String, String> noBwrap = Map.of("PATH", dhii.pluginDir().resolve("no-such-bin").toString());
    switch (expected) {
      case "invalid" -> org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new ProcessLauncher(mode, 65534, null, noBwrap));
      case "refused" -> {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> new ProcessLauncher(mode, 65534, null, noBwrap).isolation());
        assertTrue(e.getMessage().contains("bubblewrap"), e.getMessage());
      }
      default -> assertEquals(expected, new ProcessLauncher(mode, 65534, null, noBwrap).isolation());
    }
    HostileFixtures.assertLive(dhii.http());
  }

  // --- the file system ---

  static Stream<String> unreadable() {
    return Stream.of("/etc/shadow", "/etc/gshadow", "/root/.bash_history", "/root/.ssh/id_rsa", "/home",
      // the runtime's own checkout (the build runs in runtime/kernel)
      java.nio.file.Path.of("..", "..", "pom.xml").toAbsolutePath().normalize().toString(),
      "/proc/1/environ", "/var/log/dpkg.log", "/etc/sudoers");
  }

  @ParameterizedTest(name = "reading {0} fails")
  @MethodSource("unreadable")
  void filesOfTheHostCannotBeRead(String path) throws Exception {
    assumeTrue(sandboxed, "bubblewrap is not installed");
    refused(probe("jail", "read", "path", path));
  }

  @Test
  void aFileOutsideItsDirectoriesCannotBeRead() throws Exception {
    assumeTrue(sandboxed, "bubblewrap is not installed");
    refused(probe("jail", "read", "path", outside.resolve("private.txt").toString()));
    // the dhii.runtime()'s own data root (where a generated secret lives): only its own data directory shows there
    Files.writeString(dhii.pluginDir().resolve("data").resolve("runtime-only.txt"), "not for plugins");
    JsonObject root = probe("jail", "list", "path", dhii.pluginDir().resolve("data").toString());
    assertEquals("['jail']", root.getString("detail"), root.encode());
    refused(probe("jail", "read", "path", dhii.pluginDir().resolve("data").resolve("runtime-only.txt").toString()));
    // nor is another plugin's directory
    refused(probe("jail", "read", "path", dhii.pluginDir().resolve("netted").resolve("manifest.json").toString()));
  }

  @Test
  void theRootHomeShowsNothingButTheInterpreter() throws Exception {
    assumeTrue(sandboxed, "bubblewrap is not installed");
    JsonObject root = probe("jail", "list", "path", "/root");
    String listed = root.getBoolean("ok") ? root.getString("detail") : "[]";
    assertFalse(listed.contains(".ssh") || listed.contains(".m2") || listed.contains(".bash_history"), listed);
    HostileFixtures.assertLive(dhii.http());
  }

  static Stream<String> unwritable() {
    return Stream.of("plugin-dir", "/usr/local/planted", "/etc/planted", "/root/planted", "outside", "data-root", "/planted");
  }

  @ParameterizedTest(name = "writing {0} fails")
  @MethodSource("unwritable")
  void nothingOutsideItsDataDirectoryCanBeWritten(String where) throws Exception {
    assumeTrue(sandboxed, "bubblewrap is not installed");
    String path = switch (where) {
      case "plugin-dir" -> dhii.pluginDir().resolve("jail").resolve("planted.py").toString();
      case "outside" -> outside.resolve("planted").toString();
      case "data-root" -> dhii.pluginDir().resolve("data").resolve("planted").toString();
      default -> where;
    };
    try {
      refused(probe("jail", "write", "path", path));
      assertFalse(Files.exists(Path.of(path)), path + " was written");
    } finally {
      // a failing sandbox must not leave the probe's file on the host
      Path written = Path.of(path);
      if (Files.isRegularFile(written) && Files.readString(written).equals("written by a plugin")) {
        Files.delete(written);
      }
    }
  }

  @Test
  void itsDataDirectoryIsWritableAndItsTmpIsPrivate() throws Exception {
    assumeTrue(sandboxed, "bubblewrap is not installed");
    assertTrue(probe("jail", "data", null, null).getBoolean("ok"));
    assertTrue(Files.exists(dhii.pluginDir().resolve("data/jail/mine.txt")));
    String name = "dhii-sandbox-scratch-" + ProcessHandle.current().pid();
    assertTrue(probe("jail", "tmp", "name", name).getBoolean("ok"));
    assertFalse(Files.exists(Path.of("/tmp", name)), "the sandbox's /tmp is its own");
    HostileFixtures.assertLive(dhii.http());
  }

  @Test
  void itRunsAsAnUnprivilegedUser() throws Exception {
    assumeTrue(sandboxed, "bubblewrap is not installed");
    assertTrue(probe("jail", "uid", null, null).getBoolean("ok"), "uid 0 in the sandbox");
    HostileFixtures.assertLive(dhii.http());
  }

  // --- the network ---

  @ParameterizedTest(name = "{0}: a socket to a loopback port")
  @ValueSource(strings = {"jail", "netted"})
  void aSocketOpensOnlyWithTheNetworkPermission(String plugin) throws Exception {
    assumeTrue(sandboxed, "bubblewrap is not installed");
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(plugin.equals("netted") ? 10_000 : 300);
      JsonObject outcome = probe(plugin, "connect", "port", server.getLocalPort());
      if (plugin.equals("jail")) {
        assertFalse(outcome.getBoolean("ok"), outcome.encode());
        assertThrowsTimeout(server);
      } else {
        assertTrue(outcome.getBoolean("ok"), outcome.encode());
        try (Socket accepted = server.accept()) {
          assertEquals("hello from a plugin", new BufferedReader(new InputStreamReader(accepted.getInputStream(),
            StandardCharsets.UTF_8)).readLine());
        }
      }
    }
    HostileFixtures.assertLive(dhii.http());
  }

  private static void assertThrowsTimeout(ServerSocket server) throws Exception {
    try (Socket unexpected = server.accept()) {
      throw new AssertionError("a sandboxed plugin without the network permission connected");
    } catch (SocketTimeoutException expected) {
      // nothing connected
    }
  }

  // --- acting as admin ---

  @ParameterizedTest(name = "{0}: no admin route without a token")
  @ValueSource(strings = {"/v1/plugins/netted/disable", "/v1/plugins/jail/redeploy", "/v1/plugins/jail/enable"})
  void aPluginCannotActAsAdmin(String path) throws Exception {
    assumeTrue(sandboxed, "bubblewrap is not installed");
    // without the network, the HTTP bridge is out of reach
    refused(probe("jail", new JsonObject().put("probe", "admin").put("port", dhii.runtime().httpPort()).put("path", path)));
    // with it, the route refuses a caller without a token
    JsonObject netted = probe("netted", new JsonObject().put("probe", "admin").put("port", dhii.runtime().httpPort()).put("path", path));
    assertFalse(netted.getBoolean("ok"), netted.encode());
    assertTrue(netted.getString("detail").contains("401"), netted.encode());
    assertEquals("READY", dhii.runtime().registry().plugin("netted").state().name());
  }

  @Test
  void aPluginCannotMintATokenItCannotReadTheSecretOf() throws Exception {
    assumeTrue(sandboxed, "bubblewrap is not installed");
    Path generated = dhii.pluginDir().resolve("data").resolve("jwt-secret");
    Files.writeString(generated, "x".repeat(48));
    refused(probe("jail", "forge", "path", generated.toString()));
    refused(probe("netted", "forge", "path", generated.toString()));
  }

  @Test
  void theListingNamesEachPluginsIsolation() throws Exception {
    JsonArray listed = dhii.http().get("/v1/plugins").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("plugins");
    for (Object p : listed) {
      JsonObject plugin = (JsonObject) p;
      assertEquals(sandboxed ? "namespaces" : "process", plugin.getString("isolation"), plugin.encode());
    }
    HostileFixtures.assertLive(dhii.http());
  }
}

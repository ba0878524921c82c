package dev.dhii.runtime.cli;

import dev.dhii.runtime.manifest.ManifestReader;
import dev.dhii.runtime.manifest.PluginManifest;
import dev.dhii.runtime.process.ProcessLauncher;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dhii plugin validate} runs a process plugin's code to read its description: in the environment a
 * served process gets (the launcher's allow-list, never the caller's secrets) and in the same sandbox.
 */
class PluginValidateEnvironmentTest {

  @TempDir
  Path dir;

  /**
   * A command plugin whose describe mode reports what it could see: it describes {@code envprobe.hello}
   * only when it saw nothing it must not, else exits 3 naming what it saw.
   */
  private PluginManifest probe(boolean shadowRefused) throws IOException {
    Path plugin = Files.createDirectories(dir.resolve("envprobe"));
    Files.writeString(plugin.resolve("describe.py"), """
      import json, os, sys
      seen = [n for n in ("DHII_JWT_SECRET", "DHII_SMTP_PASSWORD", "AWS_SECRET_ACCESS_KEY") if n in os.environ]
      seen += [n + "=" + v for n, v in os.environ.items() if "s3cr3t-value" in v]
      if os.environ.get("LC_DHII_PROBE") != "passed":
          seen.append("no LC_DHII_PROBE (the caller's allow-listed variables must pass)")
      if os.environ.get("DHII_DESCRIBE") != "1":
          seen.append("no DHII_DESCRIBE")
      try:
          open("/etc/shadow").read(1)
          if %s:
              seen.append("/etc/shadow")
      except OSError:
          pass
      if seen:
          print("saw " + ", ".join(seen), file=sys.stderr)
          sys.exit(3)
      print(json.dumps({"capabilities": [{"id": "envprobe.hello"}]}))
      """.formatted(shadowRefused ? "True" : "False"));
    JsonObject manifest = new JsonObject().put("id", "envprobe").put("name", "envprobe").put("version", "1.0.0")
      .put("apiVersion", 2).put("runtime", "process").put("command", new JsonArray().add("python3").add("describe.py"))
      .put("capabilities", new JsonArray().add("envprobe.hello"));
    Files.writeString(plugin.resolve("manifest.json"), manifest.encodePrettily());
    ManifestReader.Result read = ManifestReader.create().read(plugin.resolve("manifest.json"));
    assertTrue(read.succeeded(), String.valueOf(read.problems()));
    return read.manifest();
  }

  @Test
  void theCallersSecretsDoNotReachTheDescribedPlugin() throws IOException {
    Map<String, String> caller = new HashMap<>(System.getenv());
    caller.put("DHII_JWT_SECRET", "s3cr3t-value-of-the-runtime-0123456789");
    caller.put("DHII_SMTP_PASSWORD", "s3cr3t-value-mail");
    caller.put("AWS_SECRET_ACCESS_KEY", "s3cr3t-value-cloud");
    caller.put("LC_DHII_PROBE", "passed");
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    ProcessDescription.check(probe(false), errors, warnings, caller);
    assertEquals(List.of(), errors, "the described plugin saw what it must not");
    assertEquals(List.of(), warnings);
  }

  @Test
  void whereTheSandboxWorksTheDescribedPluginRunsInIt() throws IOException {
    boolean sandboxed = ProcessLauncher.NAMESPACES.equals(new ProcessLauncher("auto", 65534, null, System.getenv()).isolation());
    Map<String, String> caller = new HashMap<>(System.getenv());
    caller.put("LC_DHII_PROBE", "passed");
    List<String> errors = new ArrayList<>();
    ProcessDescription.check(probe(sandboxed), errors, new ArrayList<>(), caller);
    assertEquals(List.of(), errors, "the described plugin read /etc/shadow although bubblewrap works here");
  }
}

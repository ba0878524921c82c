package dev.dhii.runtime.process;

import dev.dhii.runtime.manifest.PluginManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what to start for a process plugin, from its manifest:
 * <ul>
 *   <li>with a {@code command}: that argv, in the plugin's directory (as before);</li>
 *   <li>without one, with a Python {@code entrypoint} ({@code module:Attr}):
 *       {@code <python> -m dhii_plugin serve <entrypoint>}, where {@code <python>} is the plugin's virtual
 *       environment's (made by {@link PythonEnvironment} when its directory has a {@code requirements.txt})
 *       or {@code process.python}; it starts in the plugin's writable data directory, since v1 plugins
 *       write their files into their working directory and the code directory may be read-only.</li>
 * </ul>
 * A Node.js entrypoint (a {@code .js}, {@code .cjs} or {@code .mjs} file) is started by {@link NodeCommand}.
 * All get {@code DHII_PLUGIN_DIR} and {@code DHII_PLUGIN_DATA} (absolute) in their environment.
 * Blocking (it may make a virtual environment): call it off the event loop.
 */
public final class ProcessCommand {

  private final PythonEnvironment environments;
  private final Path dataRoot;
  private final Path sdkPath;
  private NodeCommand node;

  /**
   * @param environments the plugins' virtual environments (and the base interpreter)
   * @param dataRoot the root of the plugins' data directories ({@code plugins.dataDirectory})
   * @param sdkPath the Python SDK's directory
   */
  public ProcessCommand(PythonEnvironment environments, Path dataRoot, Path sdkPath) {
    this.environments = environments;
    this.dataRoot = dataRoot.toAbsolutePath().normalize();
    this.sdkPath = sdkPath.toAbsolutePath().normalize();
    this.node = NodeCommand.besides(this.sdkPath);
  }

  /**
   * @param node how Node.js plugins are started ({@code process.node}, {@code process.nodeSdkPath})
   * @return this
   */
  public ProcessCommand node(NodeCommand node) {
    this.node = node;
    return this;
  }

  /**
   * What to start when nothing was resolved beforehand: the command in the plugin's directory, or the
   * entrypoint with {@code python3} and no virtual environment, in the plugin's directory.
   *
   * @param manifest a process plugin's manifest
   * @param sdkPath the Python SDK's directory
   * @return the launch
   */
  static LaunchSpec plain(PluginManifest manifest, Path sdkPath) {
    Path code = manifest.directory().toAbsolutePath().normalize();
    if (manifest.servedByNode()) {
      return NodeCommand.besides(sdkPath).spec(manifest, code, code, code,
        new LinkedHashMap<>(Map.of("DHII_PLUGIN_DIR", code.toString(), "DHII_PLUGIN_DATA", code.toString())),
        new ArrayList<>(List.of(code, sdkPath)));
    }
    List<String> argv = !manifest.command().isEmpty() ? manifest.command()
      : List.of("python3", "-m", "dhii_plugin", "serve", String.valueOf(manifest.entrypoint()));
    return new LaunchSpec(argv, code, Map.of("DHII_PLUGIN_DIR", code.toString(), "DHII_PLUGIN_DATA", code.toString()),
      List.of(code, sdkPath), code);
  }

  /**
   * @param manifest a process plugin's manifest
   * @return what to start, its data directory created
   * @throws IOException if the data directory or the virtual environment cannot be made
   */
  public LaunchSpec resolve(PluginManifest manifest) throws IOException {
    return resolve(manifest, dataRoot.resolve(manifest.id()), null);
  }

  /**
   * @param manifest a process plugin's manifest
   * @param dataDir the writable directory to give the process
   * @param workDir where it starts, or null for the default of its form
   * @return what to start, {@code dataDir} created
   * @throws IOException if the data directory or the virtual environment cannot be made
   */
  public LaunchSpec resolve(PluginManifest manifest, Path dataDir, Path workDir) throws IOException {
    Path code = manifest.directory().toAbsolutePath().normalize();
    Path data = Files.createDirectories(dataDir.toAbsolutePath().normalize());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DHII_PLUGIN_DIR", code.toString());
    env.put("DHII_PLUGIN_DATA", data.toString());
    List<Path> readOnly = new ArrayList<>(List.of(code, sdkPath));
    if (!manifest.command().isEmpty()) {
      return new LaunchSpec(manifest.command(), workDir != null ? workDir : code, env, readOnly, data);
    }
    if (!manifest.servedBySdk()) {
      throw new IOException("A process plugin needs a command or an entrypoint");
    }
    if (manifest.servedByNode()) {
      return node.spec(manifest, code, data, workDir, env, readOnly);
    }
    List<String> packages = manifest.compat().pythonPackages();
    String python = environments.interpreter(manifest.id(), code, packages);
    Path venv = environments.location(manifest.id(), code, packages);
    if (venv != null) {
      readOnly.add(venv);
    }
    return new LaunchSpec(List.of(python, "-m", "dhii_plugin", "serve", manifest.entrypoint()),
      workDir != null ? workDir : data, env, readOnly, data);
  }
}

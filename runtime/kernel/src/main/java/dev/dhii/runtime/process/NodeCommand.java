package dev.dhii.runtime.process;

import dev.dhii.runtime.manifest.PluginManifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to start for a Node.js process plugin (a manifest whose {@code entrypoint} is a {@code .js}, {@code .cjs} or
 * {@code .mjs} file, {@link PluginManifest#servedByNode()}): {@code <node> <sdk>/dhii-plugin/serve.js <entrypoint>},
 * with the SDK's directory on {@code NODE_PATH} (so the plugin's {@code require('dhii-plugin')} finds it) and among
 * the paths a sandbox binds read-only; it starts in the plugin's data directory, as a Python entrypoint does.
 *
 * @param node the program ({@code process.node}): a name looked up on PATH, or a path
 * @param sdkPath the Node SDK's directory ({@code process.nodeSdkPath}), holding {@code dhii-plugin/}
 */
public record NodeCommand(String node, Path sdkPath) {

  /** Where the SDK's entry is, below its directory. */
  static final String SERVE = "dhii-plugin/serve.js";

  /** Normalises the SDK's path. */
  public NodeCommand {
    sdkPath = sdkPath.toAbsolutePath().normalize();
  }

  /**
   * @param pythonSdk the Python SDK's directory
   * @return {@code node} on PATH and the Node SDK beside the Python one (the source tree's layout)
   */
  static NodeCommand besides(Path pythonSdk) {
    Path python = pythonSdk.toAbsolutePath().normalize();
    return new NodeCommand("node", python.getParent() == null ? python : python.getParent().resolve("sdk-node"));
  }

  /** @return the program: {@code node} as found on the runtime's PATH (a sandbox sees the same path), else as given */
  String program() {
    if (node.contains("/")) {
      return node;
    }
    String found = Executables.which(node, System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    return found != null ? found : node;
  }

  /**
   * @param manifest a Node process plugin's manifest
   * @param code its directory, absolute
   * @param data its data directory
   * @param workDir where it starts (null: its data directory)
   * @param env the plugin-specific environment so far, completed here
   * @param readOnly the paths it reads so far, completed here
   * @return what to start
   */
  LaunchSpec spec(PluginManifest manifest, Path code, Path data, Path workDir, Map<String, String> env,
                  List<Path> readOnly) {
    env.put("NODE_PATH", sdkPath.toString());
    readOnly.add(sdkPath);
    return new LaunchSpec(List.of(program(), sdkPath.resolve(SERVE).toString(), manifest.entrypoint()),
      workDir != null ? workDir : data, env, readOnly, data);
  }
}

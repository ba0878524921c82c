package dev.dhii.runtime.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The accessors of single settings that {@link RuntimeOptions} has always offered ({@code httpPort()},
 * {@code stepTimeoutMs()}, ...), each read from one of its typed options (paths resolved against its home).
 * New code may as well read the typed options ({@code options.process().readyTimeoutMs()}).
 */
abstract class SettingShortcuts {

  /** @return the {@code http} block */
  public abstract HttpOptions http();

  /** @return the {@code plugins} block */
  public abstract PluginsOptions plugins();

  /** @return the {@code process} block */
  public abstract ProcessOptions process();

  /** @return the {@code lifecycle} block */
  public abstract LifecycleOptions lifecycle();

  /** @return the {@code cluster} block */
  public abstract ClusterOptions cluster();

  /** @return the {@code tcpBridge} block, TLS paths as written */
  abstract TcpBridgeOptions tcpBridgeAsWritten();

  /** @return the {@code tcpBridge.enabled} setting */
  abstract boolean tcpBridgeOn();

  /** @param path relative to the runtime's home, or absolute @return the path, resolved */
  abstract Path resolveHome(String path);

  /** @return the HTTP bridge's bind address */
  public String httpHost() {
    return http().host();
  }

  /** @return the HTTP port (0 picks a free one) */
  public int httpPort() {
    return http().port();
  }

  /** @return HTTP verticle instances; 0 means one per event loop */
  public int httpInstances() {
    return http().instances();
  }

  /** @return the largest HTTP request body accepted at all (each plugin's own limit applies after) */
  public long httpMaxBodyBytes() {
    return http().maxBodyBytes();
  }

  /** @return the plugin directories, resolved against home */
  public List<Path> pluginDirectories() {
    return plugins().directories().stream().map(this::resolveHome).toList();
  }

  /** @return the root of the plugins' data directories, resolved against home */
  public Path dataDirectory() {
    return resolveHome(plugins().dataDirectory());
  }

  /** @return the directory of the Python SDK process plugins import ({@code process.sdkPath}), resolved against home */
  public Path processSdkPath() {
    return resolveHome(process().sdkPath());
  }

  /** @return the directory of the Node.js SDK ({@code process.nodeSdkPath}), resolved against home */
  public Path processNodeSdkPath() {
    return resolveHome(process().nodeSdkPath());
  }

  /** @return where the plugins' virtual environments live ({@code process.venvDirectory}, default {@code <dataDirectory>/.venvs}) */
  public Path processVenvDirectory() {
    String dir = process().venvDirectory();
    return dir == null ? dataDirectory().resolve(".venvs") : resolveHome(dir);
  }

  /**
   * @param env the environment ({@code DHII_PIP_ARGS}: extra arguments, split on spaces)
   * @return extra arguments of {@code pip install}: {@code process.pipArgs}, then {@code DHII_PIP_ARGS}
   */
  public List<String> processPipArgs(Map<String, String> env) {
    List<String> args = new ArrayList<>(process().pipArgs());
    String extra = env.get("DHII_PIP_ARGS");
    if (extra != null && !extra.isBlank()) {
      args.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    return args;
  }

  /** @return the deadline of each lifecycle step (onLoad, onReady, onUnload) */
  public long stepTimeoutMs() {
    return lifecycle().stepTimeoutMs();
  }

  /** @return how long a plugin being unloaded may take to finish its in-flight calls */
  public long drainTimeoutMs() {
    return lifecycle().drainTimeoutMs();
  }

  /** @return the Hazelcast configuration file, resolved against home (the embedded copy is used when it is missing) */
  public Path clusterConfig() {
    return resolveHome(cluster().config());
  }

  /** @return the cluster members to join ({@code host[:port]}); empty keeps those of the Hazelcast file */
  public List<String> clusterMembers() {
    return cluster().members();
  }

  /** @return the clustered event bus's bind address: {@code cluster.eventBusHost}, else the cluster host */
  public String eventBusHost() {
    String host = cluster().eventBusHost();
    return host != null ? host : cluster().host();
  }

  /** @return the clustered event bus's port (0: any free port) */
  public int eventBusPort() {
    return cluster().eventBusPort();
  }

  /** @return how much longer than a call's deadline a bridge waits for another node's answer */
  public long clusterReplyGraceMs() {
    return cluster().replyGraceMs();
  }

  /** @return the deadline of a cluster-wide listing: nodes that do not answer in time are listed as unreachable */
  public long clusterInfoTimeoutMs() {
    return cluster().infoTimeoutMs();
  }

  /** @return whether the TCP event bus bridge runs */
  public boolean tcpBridgeEnabled() {
    return tcpBridgeOn();
  }

  /** @return the TCP bridge's bind address */
  public String tcpBridgeHost() {
    return tcpBridgeAsWritten().getHost();
  }

  /** @return the TCP bridge's port (0 picks a free one) */
  public int tcpBridgePort() {
    return tcpBridgeAsWritten().getPort();
  }

  /** @return the largest frame the TCP bridge accepts; a larger one is refused and its connection closed */
  public int tcpBridgeMaxFrameBytes() {
    return tcpBridgeAsWritten().getMaxFrameBytes();
  }
}

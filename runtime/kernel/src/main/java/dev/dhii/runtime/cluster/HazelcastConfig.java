package dev.dhii.runtime.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.dhii.runtime.config.ClusterOptions;
import dev.dhii.runtime.config.RuntimeOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Hazelcast configuration of a clustered runtime: {@code conf/cluster.xml} (or its embedded copy),
 * with the name, members, interface, port and properties of the runtime's options set over it. Members are
 * found over TCP/IP from the member list, or, where the file turns on Hazelcast's Kubernetes discovery
 * (conf/kubernetes/cluster.xml), from the DNS of a headless Service; multicast and auto-detection are always
 * off, whatever the file says.
 */
public final class HazelcastConfig {

  /** Class-path resource holding the default Hazelcast configuration (a copy of conf/cluster.xml). */
  public static final String DEFAULT_RESOURCE = "dev/dhii/runtime/config/cluster.xml";

  private HazelcastConfig() {
  }

  /**
   * @param options the runtime's options
   * @return a new Hazelcast configuration (one per member: Hazelcast does not share them)
   * @throws IllegalArgumentException if the file cannot be read
   */
  public static Config from(RuntimeOptions options) {
    // Hazelcast's static loggers (the configuration parser's among them) read this, not the file's property
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    Config config = load(options.clusterConfig());
    ClusterOptions cluster = options.cluster();
    if (cluster.name() != null && !cluster.name().isBlank()) {
      config.setClusterName(cluster.name());
    }
    NetworkConfig network = config.getNetworkConfig();
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (join.getKubernetesConfig().isEnabled()) {
      // Kubernetes discovery (conf/kubernetes/cluster.xml): members come from the Service's DNS, not a list
      join.getTcpIpConfig().setEnabled(false);
    } else {
      join.getTcpIpConfig().setEnabled(true);
      if (!options.clusterMembers().isEmpty()) {
        join.getTcpIpConfig().setMembers(options.clusterMembers());
      }
    }
    network.getInterfaces().setEnabled(true).clear().addInterface(cluster.host());
    network.setPort(cluster.port());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    cluster.properties().forEach(config::setProperty);
    return config;
  }

  private static Config load(Path file) {
    try (InputStream in = Files.isRegularFile(file) ? Files.newInputStream(file)
      : HazelcastConfig.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing class-path resource " + DEFAULT_RESOURCE);
      }
      return Config.loadFromStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the cluster configuration " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Cannot read the cluster configuration " + file + ": " + e.getMessage(), e);
    }
  }
}

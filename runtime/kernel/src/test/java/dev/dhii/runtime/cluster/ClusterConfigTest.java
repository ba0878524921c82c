package dev.dhii.runtime.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How conf/cluster.xml, conf/runtime.json and the environment make the Hazelcast configuration. */
class ClusterConfigTest {

  @Test
  void theDefaultsJoinOverTcpIpOnLoopbackWithoutMulticastOrPhoningHome() {
    RuntimeOptions options = new RuntimeOptions();
    Config config = HazelcastConfig.from(options);
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertEquals("dhii", config.getClusterName());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("127.0.0.1"), join.getTcpIpConfig().getMembers());
    assertEquals(List.of("127.0.0.1"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals(5701, config.getNetworkConfig().getPort());
    assertTrue(config.getNetworkConfig().isPortAutoIncrement());
    assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
    assertEquals("127.0.0.1", options.eventBusHost());
    assertEquals(0, options.eventBusPort());
  }

  @Test
  void membersInterfaceAndPortsComeFromTheEnvironment() {
    RuntimeOptions options = new RuntimeOptions().applyEnvironment(Map.of(
      "DHII_CLUSTER_MEMBERS", "10.0.0.5, 10.0.0.6:5702,,",
      "DHII_CLUSTER_HOST", "10.0.0.5", "DHII_CLUSTER_PORT", "5801", "DHII_EVENTBUS_PORT", "17001",
      "DHII_TCP_BRIDGE_PORT", "7100"));
    Config config = HazelcastConfig.from(options);
    assertEquals(List.of("10.0.0.5", "10.0.0.6:5702"), config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    assertEquals(List.of("10.0.0.5"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals(5801, config.getNetworkConfig().getPort());
    assertEquals("10.0.0.5", options.eventBusHost());
    assertEquals(17001, options.eventBusPort());
    assertEquals(7100, options.tcpBridgePort());
    assertThrows(IllegalArgumentException.class,
      () -> new RuntimeOptions().applyEnvironment(Map.of("DHII_CLUSTER_PORT", "0")));
  }

  @Test
  void multicastStaysOffEvenWhenTheHazelcastFileTurnsItOn(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("cluster.xml");
    Files.writeString(xml, """
      <hazelcast xmlns="http://www.hazelcast.com/schema/config">
        <cluster-name>from-file</cluster-name>
        <network><join><multicast enabled="true"/></join></network>
      </hazelcast>""");
    RuntimeOptions options = new RuntimeOptions(new JsonObject().put("cluster", new JsonObject()
      .put("config", xml.toString()).putNull("name").put("properties", new JsonObject().put("hazelcast.partition.count", 7))));
    Config config = HazelcastConfig.from(options);
    assertFalse(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertTrue(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    assertEquals("from-file", config.getClusterName(), "no name in runtime.json keeps the file's");
    assertEquals("7", config.getProperty("hazelcast.partition.count"));
  }

  @Test
  void anUnreadableHazelcastFileIsAConfigurationError(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("cluster.xml");
    Files.writeString(xml, "<hazelcast><network>");
    RuntimeOptions options = new RuntimeOptions(new JsonObject().put("cluster", new JsonObject().put("config", xml.toString())));
    assertThrows(IllegalArgumentException.class, () -> HazelcastConfig.from(options));
  }
}

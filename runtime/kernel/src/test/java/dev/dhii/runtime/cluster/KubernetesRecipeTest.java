package dev.dhii.runtime.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Kubernetes recipe (conf/kubernetes/dhii.yaml): every document validates against the Kubernetes schemas
 * (kubernetes-models, run by node), and the documents agree with each other and with the runtime: probes on the
 * health routes, ports as the configuration says, the JWT key from a Secret, plugin and data volumes where the
 * image keeps them, a disruption budget over the pods, and a Hazelcast configuration that finds members through
 * the headless Service.
 */
class KubernetesRecipeTest {

  /** Where .ci/install puts kubernetes-models and js-yaml. */
  static final Path MODELS = Path.of(System.getProperty("user.home"), ".cache/dhii-test/kubernetes-models");
  static final String INSTALL = "bash .ci/install (it runs: npm install --prefix ~/.cache/dhii-test/kubernetes-models"
    + " kubernetes-models@5.1.0 js-yaml@4.1.0)";

  static Path root;
  static Map<String, JsonObject> docs;

  @BeforeAll
  static void validate() throws Exception {
    root = repositoryRoot();
    Validation run = run(root.resolve("conf/kubernetes/dhii.yaml"));
    assertEquals(0, run.exit, "the recipe does not validate against the Kubernetes schemas:\n" + run.output);
    docs = run.documents();
  }

  @Test
  void everyResourceTheRecipeNeedsIsThere() {
    assertEquals(List.of("ConfigMap/dhii-conf", "PersistentVolumeClaim/dhii-plugins", "PodDisruptionBudget/dhii",
      "Service/dhii", "Service/dhii-cluster", "StatefulSet/dhii"), docs.keySet().stream().sorted().toList());
  }

  @Test
  void theValidatorRefusesABrokenResource(@TempDir Path dir) throws Exception {
    String recipe = Files.readString(root.resolve("conf/kubernetes/dhii.yaml"));
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, recipe.replace("replicas: 3", "replicas: three"));
    Validation run = run(broken);
    assertEquals(1, run.exit, run.output);
    assertTrue(run.output.contains("invalid StatefulSet/dhii: data/spec/replicas must be integer"), run.output);
  }

  @Test
  void probesAskTheHealthRoutesOnTheConfiguredHttpPort() {
    JsonObject container = container();
    JsonObject conf = configuration();
    assertEquals("/health/ready", container.getJsonObject("readinessProbe").getJsonObject("httpGet").getString("path"));
    assertEquals("/health/live", container.getJsonObject("livenessProbe").getJsonObject("httpGet").getString("path"));
    assertEquals(conf.getJsonObject("http").getInteger("port"), port(container, "http"));
    assertEquals("0.0.0.0", conf.getJsonObject("http").getString("host"), "the pod must answer its probes and Service");
    assertEquals(conf.getJsonObject("tcpBridge").getInteger("port"), port(container, "tcp-bridge"));
    assertEquals(conf.getJsonObject("cluster").getInteger("port"), port(container, "hazelcast"));
    assertEquals(conf.getJsonObject("cluster").getInteger("eventBusPort"), port(container, "eventbus"));
  }

  @Test
  void theJwtKeyComesFromASecretAndTheClusterBindsToThePodAddress() {
    Map<String, JsonObject> env = container().getJsonArray("env").stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(e -> e.getString("name"), e -> e));
    JsonObject secret = env.get("DHII_JWT_SECRET").getJsonObject("valueFrom").getJsonObject("secretKeyRef");
    assertEquals("dhii-jwt", secret.getString("name"));
    assertNotNull(secret.getString("key"));
    assertFalse(env.get("DHII_JWT_SECRET").containsKey("value"), "no key in the recipe itself");
    assertEquals("status.podIP", env.get("DHII_CLUSTER_HOST").getJsonObject("valueFrom").getJsonObject("fieldRef")
      .getString("fieldPath"));
  }

  @Test
  void pluginsAndDataAreVolumesWhereTheImageKeepsThem() throws IOException {
    String dockerfile = Files.readString(root.resolve("Dockerfile"));
    assertTrue(dockerfile.contains("WORKDIR /opt/dhii"), "the image's home moved: update the recipe's mounts");
    Map<String, String> mounts = container().getJsonArray("volumeMounts").stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(m -> m.getString("name"), m -> m.getString("mountPath")));
    assertEquals("/opt/dhii/plugins", mounts.get("plugins"));
    assertEquals("/opt/dhii/data", mounts.get("data"));
    JsonObject spec = docs.get("StatefulSet/dhii").getJsonObject("spec");
    assertEquals("data", spec.getJsonArray("volumeClaimTemplates").getJsonObject(0).getJsonObject("metadata").getString("name"));
    JsonObject plugins = volume("plugins").getJsonObject("persistentVolumeClaim");
    assertEquals("dhii-plugins", plugins.getString("claimName"));
    assertTrue(plugins.getBoolean("readOnly"), "pods only read installed plugins");
    assertEquals("dhii-conf", volume("conf").getJsonObject("configMap").getString("name"));
    List<String> args = container().getJsonArray("args").stream().map(String.class::cast).toList();
    assertEquals(List.of("serve", "--cluster", "--conf", "/etc/dhii/runtime.json"), args);
    assertEquals("/etc/dhii", mounts.get("conf"));
  }

  @Test
  void servicesAndTheBudgetSelectThePods() {
    JsonObject labels = docs.get("StatefulSet/dhii").getJsonObject("spec").getJsonObject("template")
      .getJsonObject("metadata").getJsonObject("labels");
    JsonObject headless = docs.get("Service/dhii-cluster").getJsonObject("spec");
    assertEquals("None", headless.getString("clusterIP"));
    assertTrue(headless.getBoolean("publishNotReadyAddresses"), "members must meet before they are ready");
    assertEquals("dhii-cluster", docs.get("StatefulSet/dhii").getJsonObject("spec").getString("serviceName"));
    for (String service : List.of("Service/dhii", "Service/dhii-cluster")) {
      assertEquals(labels, docs.get(service).getJsonObject("spec").getJsonObject("selector"), service);
    }
    JsonObject budget = docs.get("PodDisruptionBudget/dhii").getJsonObject("spec");
    assertEquals(labels, budget.getJsonObject("selector").getJsonObject("matchLabels"));
    assertTrue(budget.containsKey("maxUnavailable") || budget.containsKey("minAvailable"), budget.encode());
    int replicas = docs.get("StatefulSet/dhii").getJsonObject("spec").getInteger("replicas");
    assertTrue(replicas >= 3, "a budget of one pod at a time needs a majority left: " + replicas);
  }

  @Test
  void theRuntimeReadsTheConfigMapAndFindsMembersThroughTheHeadlessService() {
    JsonObject conf = configuration();
    String clusterXml = conf.getJsonObject("cluster").getString("config");
    assertEquals("conf/kubernetes/cluster.xml", clusterXml, "the image holds conf/ under its home");
    conf.getJsonObject("cluster").put("config", root.resolve(clusterXml).toString());
    RuntimeOptions options = new RuntimeOptions(conf).applyEnvironment(Map.of("DHII_CLUSTER_HOST", "10.1.2.3"));
    Config config = HazelcastConfig.from(options);
    JoinConfig join = config.getNetworkConfig().getJoin();
    KubernetesConfig kubernetes = join.getKubernetesConfig();
    assertTrue(kubernetes.isEnabled());
    assertFalse(join.getTcpIpConfig().isEnabled(), "no member list in Kubernetes");
    assertFalse(join.getMulticastConfig().isEnabled());
    assertEquals("dhii-cluster", kubernetes.getProperty("service-dns"),
      "Hazelcast must look up the headless Service of the recipe");
    assertEquals(String.valueOf(port(container(), "hazelcast")), kubernetes.getProperty("service-port"));
    assertEquals(List.of("10.1.2.3"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals("10.1.2.3", options.eventBusHost());
    assertEquals(5801, options.eventBusPort());
    assertNotEquals(null, config.getMultiMapConfig("__vertx.subs"));
  }

  private static JsonObject configuration() {
    return new JsonObject(docs.get("ConfigMap/dhii-conf").getJsonObject("data").getString("runtime.json"));
  }

  private static JsonObject container() {
    JsonArray containers = docs.get("StatefulSet/dhii").getJsonObject("spec").getJsonObject("template")
      .getJsonObject("spec").getJsonArray("containers");
    assertEquals(1, containers.size());
    return containers.getJsonObject(0);
  }

  private static JsonObject volume(String name) {
    return docs.get("StatefulSet/dhii").getJsonObject("spec").getJsonObject("template").getJsonObject("spec")
      .getJsonArray("volumes").stream().map(JsonObject.class::cast).filter(v -> v.getString("name").equals(name))
      .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static int port(JsonObject container, String name) {
    return container.getJsonArray("ports").stream().map(JsonObject.class::cast)
      .filter(p -> p.getString("name").equals(name)).findFirst()
      .orElseThrow(() -> new AssertionError("no container port " + name)).getInteger("containerPort");
  }

  private record Validation(int exit, String output) {
    Map<String, JsonObject> documents() {
      Map<String, JsonObject> byName = new java.util.TreeMap<>();
      for (String line : output.split("\n")) {
        if (line.startsWith("ok ")) {
          String[] parts = line.split(" ", 3);
          byName.put(parts[1], new JsonObject(parts[2]));
        }
      }
      return byName;
    }
  }

  private static Validation run(Path yaml) throws Exception {
    if (!Files.isDirectory(MODELS.resolve("node_modules/kubernetes-models"))) {
      fail("kubernetes-models is not installed in " + MODELS + "; run " + INSTALL);
    }
    Path script = Path.of("src/test/resources/kubernetes/validate.mjs").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of("node", script.toString(), yaml.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DHII_K8S_MODELS", MODELS.toString());
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("the validator did not finish in 60 s");
    }
    return new Validation(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("conf/kubernetes/dhii.yaml"))) {
      dir = dir.getParent();
    }
    assertNotNull(dir, "conf/kubernetes/dhii.yaml not found above " + Path.of("").toAbsolutePath());
    return dir;
  }
}

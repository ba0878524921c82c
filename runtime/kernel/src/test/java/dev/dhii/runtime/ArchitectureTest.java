package dev.dhii.runtime;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layering of the runtime. Each layer uses only the layers below it (and its own packages):
 *
 * <pre>
 *   cli                        the dhii command
 *   conformance                {@code dhii plugin test}: a runtime started in-process, called like a bridge
 *   dev.dhii.runtime           DhiiRuntime and VertxFactory: only wires the areas together
 *   http, ws, tcp              the bridges (http also mounts the WebSocket endpoint)
 *   telemetry                  tracing and metrics of calls and of the registry
 *   cluster                    the cluster's view of every node's plugins
 *   kernel                     plugin lifecycle, registry, generations (PluginHost)
 *   auth                       bearer tokens (JWT), the disclosure rule
 *   dispatch                   the call pipeline, its request/result/error types, the Route it runs on
 *   resolve, config, isolation, process, resilience, trust
 *                              dependency resolution, options, class loading, process plugins, policies,
 *                              signed bundles
 *   manifest                   plugin manifests and resource limits
 *   bus, json, limits, version addresses and headers, strict JSON, byte budgets, semantic versions
 *   dev.dhii.api, dev.dhii.client
 *                              the plugin API and the client's wire constants
 * </pre>
 *
 * A package and its {@code impl} subpackage count as one; no two packages depend on each other, directly or
 * through others.
 */
@AnalyzeClasses(packages = "dev.dhii", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String RUNTIME = "dev.dhii.runtime.";

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("dev.dhii.runtime.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule layering = layeredArchitecture().consideringOnlyDependenciesInLayers()
    .layer("Api").definedBy("dev.dhii.api..", "dev.dhii.client..")
    .layer("Foundation").definedBy(area("bus"), area("json"), area("limits"), area("version"))
    .layer("Manifest").definedBy(area("manifest"))
    .layer("Services").definedBy(area("resolve"), area("config"), area("isolation"), area("process"), area("resilience"),
      area("trust"))
    .layer("Dispatch").definedBy(area("dispatch"))
    .layer("Auth").definedBy(area("auth"))
    .layer("Kernel").definedBy(area("kernel"))
    .layer("Cluster").definedBy(area("cluster"))
    .layer("Telemetry").definedBy(area("telemetry"))
    .layer("Bridges").definedBy(area("http"), area("ws"), area("tcp"), area("mcp"), area("console"), area("openapi"))
    .layer("Wiring").definedBy("dev.dhii.runtime")
    .layer("Conformance").definedBy(area("conformance"))
    .layer("Cli").definedBy(area("cli"))
    .whereLayer("Api").mayNotAccessAnyLayer()
    .whereLayer("Foundation").mayOnlyAccessLayers("Api")
    .whereLayer("Manifest").mayOnlyAccessLayers("Api", "Foundation")
    .whereLayer("Services").mayOnlyAccessLayers("Api", "Foundation", "Manifest")
    .whereLayer("Dispatch").mayOnlyAccessLayers("Api", "Foundation", "Manifest", "Services")
    .whereLayer("Auth").mayOnlyAccessLayers("Api", "Foundation", "Manifest", "Services", "Dispatch")
    .whereLayer("Kernel").mayOnlyAccessLayers("Api", "Foundation", "Manifest", "Services", "Dispatch")
    .whereLayer("Cluster").mayOnlyAccessLayers("Api", "Foundation", "Manifest", "Services", "Dispatch", "Kernel")
    .whereLayer("Telemetry").mayOnlyAccessLayers("Api", "Foundation", "Manifest", "Services", "Dispatch", "Kernel")
    .whereLayer("Bridges").mayOnlyAccessLayers("Api", "Foundation", "Manifest", "Services", "Dispatch", "Auth",
      "Kernel", "Cluster", "Telemetry")
    .whereLayer("Wiring").mayOnlyAccessLayers("Api", "Foundation", "Manifest", "Services", "Dispatch", "Auth",
      "Kernel", "Cluster", "Telemetry", "Bridges")
    .whereLayer("Conformance").mayOnlyAccessLayers("Api", "Foundation", "Manifest", "Services", "Dispatch", "Auth",
      "Kernel", "Cluster", "Telemetry", "Bridges", "Wiring")
    .whereLayer("Cli").mayOnlyAccessLayers("Api", "Foundation", "Manifest", "Services", "Dispatch", "Auth",
      "Kernel", "Cluster", "Telemetry", "Bridges", "Wiring", "Conformance");

  private static String area(String name) {
    return RUNTIME + name + "..";
  }
}

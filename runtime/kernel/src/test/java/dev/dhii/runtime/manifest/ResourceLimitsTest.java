package dev.dhii.runtime.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ResourceLimitsTest {

  @Test
  void readsOnlyTheLimitsThatAreSet() {
    ResourceLimits limits = ResourceLimits.fromJson(new JsonObject().put("maxConcurrency", 8).put("timeoutMs", 500));
    assertEquals(new ResourceLimits(null, 8, null, 500L, null), limits);
    assertEquals(new JsonObject().put("maxConcurrency", 8).put("timeoutMs", 500L), limits.toJson());
  }

  @Test
  void nullJsonMeansNothingSet() {
    assertEquals(ResourceLimits.NONE, ResourceLimits.fromJson(null));
    assertEquals(new JsonObject(), ResourceLimits.NONE.toJson());
  }

  @Test
  void withDefaultsFillsOnlyUnsetLimits() {
    ResourceLimits limits = new ResourceLimits(null, 8, null, 500L, null).withDefaults(ResourceLimits.DEFAULTS);
    assertEquals(new ResourceLimits(4, 8, 64, 500L, 1048576L), limits);
    assertEquals(limits, limits.withDefaults(null));
  }

  @Test
  void aMemoryBoundIsReadKeptAndUnboundedByDefault() {
    ResourceLimits limits = ResourceLimits.fromJson(new JsonObject().put("maxMemoryMb", 64));
    assertEquals(64, limits.withDefaults(ResourceLimits.DEFAULTS).maxMemoryMb());
    assertEquals(new JsonObject().put("maxMemoryMb", 64), limits.toJson());
    assertEquals(null, ResourceLimits.DEFAULTS.maxMemoryMb());
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertEquals(new ResourceLimits(4, 16, 64, 30000L, 1048576L), ResourceLimits.DEFAULTS);
    assertEquals(ResourceLimits.DEFAULTS, ResourceLimits.fromJson(ResourceLimits.DEFAULTS.toJson()));
  }
}

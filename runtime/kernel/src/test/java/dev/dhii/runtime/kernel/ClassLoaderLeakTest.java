package dev.dhii.runtime.kernel;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.JarPlugins;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading and unloading a jar plugin 50 times leaves no class loader behind, and metaspace stays bounded. */
class ClassLoaderLeakTest {

  @RegisterExtension
  final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(plugins -> JarPlugins.write(plugins, "leaky", "v0", null, null, null)).build();

  @Test
  void fiftyGenerationsAreAllCollected() throws Exception {
    DhiiRuntime runtime = dhii.runtime();
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    long metaspaceAfterWarmUp = 0;
    for (int i = 1; i <= 50; i++) {
      loaders.add(new WeakReference<>(runtime.registry().plugin("leaky").host().loader()));
      // every generation serves a call, so its classes, records and Jackson mappings are really used
      JsonObject out = runtime.dispatcher().invoke(CallRequest.of("leaky.hello", new JsonObject().put("name", "n" + i)))
        .await(10, TimeUnit.SECONDS).output();
      assertEquals("hello n" + i, out.getString("text"));
      if (i % 2 == 0) {
        runtime.kernel().redeploy("leaky").await(30, TimeUnit.SECONDS);
      } else {
        runtime.kernel().disable("leaky").await(30, TimeUnit.SECONDS);
        runtime.kernel().enable("leaky").await(30, TimeUnit.SECONDS);
      }
      if (i == 5) {
        collect(loaders);
        metaspaceAfterWarmUp = metaspaceUsed();
      }
    }
    int alive = collect(loaders);
    assertEquals(0, alive, "class loaders of unloaded generations still reachable");
    long growth = metaspaceUsed() - metaspaceAfterWarmUp;
    assertTrue(growth < 16 * 1024 * 1024, "metaspace grew by " + growth / 1024 + " KiB over 45 generations");
  }

  /** Runs the collector until every referent is gone or a deadline passes; returns how many are still alive. */
  private static int collect(List<WeakReference<ClassLoader>> loaders) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int alive;
    do {
      System.gc();
      byte[][] pressure = new byte[16][];
      for (int i = 0; i < pressure.length; i++) {
        pressure[i] = new byte[1 << 20];
      }
      alive = (int) loaders.stream().filter(ref -> ref.get() != null).count();
    } while (alive > 0 && System.nanoTime() < deadline);
    return alive;
  }

  private static long metaspaceUsed() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
      .mapToLong(p -> p.getUsage().getUsed()).sum();
  }
}

package dev.dhii.runtime.kernel;

import dev.dhii.client.Wire;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes the cluster-wide directory of every capability ever served ({@value Wire#CAPABILITY_DIRECTORY},
 * capability id to plugin id, in Vert.x shared data). Entries are removed only with their plugin's directory
 * (a rescan, {@link #forget}): whether a node serves
 * a capability now is what the event bus's own registrations say (cleaned by the cluster manager when a
 * member leaves); the directory only tells a capability that no node serves any more (UNAVAILABLE) from
 * one the cluster never had (NOT_FOUND).
 */
public final class CapabilityDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(CapabilityDirectory.class);

  private CapabilityDirectory() {
  }

  /**
   * Records that {@code pluginId} serves {@code capabilityIds}. A failure is logged, not returned: the
   * plugin serves anyway, only the error a caller gets once no node serves it is less precise.
   *
   * @param vertx the Vert.x instance (the map is local when it is not clustered)
   * @param pluginId the plugin
   * @param capabilityIds its capabilities
   * @param timeoutMs the deadline of the write
   * @return completes when written, or when the write failed
   */
  public static Future<Void> record(Vertx vertx, String pluginId, Collection<String> capabilityIds, long timeoutMs) {
    return write(vertx, pluginId, timeoutMs, (map, id) -> map.put(id, pluginId), capabilityIds);
  }

  /**
   * Forgets the capabilities of a plugin whose directory was removed (each entry only while it still names
   * that plugin), so that a caller gets NOT_FOUND rather than UNAVAILABLE. A failure is logged, not returned.
   *
   * @param vertx the Vert.x instance
   * @param pluginId the plugin removed
   * @param capabilityIds the capabilities it declared
   * @param timeoutMs the deadline of the write
   * @return completes when written, or when the write failed
   */
  public static Future<Void> forget(Vertx vertx, String pluginId, Collection<String> capabilityIds, long timeoutMs) {
    return write(vertx, pluginId, timeoutMs, (map, id) -> map.removeIfPresent(id, pluginId), capabilityIds);
  }

  private static Future<Void> write(Vertx vertx, String pluginId, long timeoutMs,
                                    java.util.function.BiFunction<io.vertx.core.shareddata.AsyncMap<String, String>, String,
                                      Future<?>> step, Collection<String> capabilityIds) {
    return vertx.sharedData().<String, String>getAsyncMap(Wire.CAPABILITY_DIRECTORY)
      .compose(map -> {
        List<Future<?>> writes = new ArrayList<>();
        capabilityIds.forEach(id -> writes.add(step.apply(map, id)));
        return Future.all(writes);
      })
      .timeout(timeoutMs, TimeUnit.MILLISECONDS)
      .<Void>mapEmpty()
      .recover(failure -> {
        LOG.warn("capability directory not updated pluginId={}: {}", pluginId, failure.toString());
        return Future.succeededFuture();
      });
  }
}

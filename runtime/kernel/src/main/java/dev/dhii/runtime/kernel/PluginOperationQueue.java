package dev.dhii.runtime.kernel;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Operations on one plugin (start, redeploy, disable, enable, unload) run one after the other on the kernel's context. */
final class PluginOperationQueue {

  private final Context context;
  private final Map<String, Future<?>> operations = new HashMap<>();

  /** @param context the kernel's context, which alone touches the queue */
  PluginOperationQueue(Context context) {
    this.context = context;
  }

  /** Runs {@code operation} on the kernel's context after any earlier operation on the same plugin. */
  <T> Future<T> serialized(String pluginId, Supplier<Future<T>> operation) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      Future<?> previous = operations.getOrDefault(pluginId, Future.succeededFuture());
      Future<T> next = previous.transform(ignored -> {
        try {
          return operation.get();
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      });
      operations.put(pluginId, next);
      next.onComplete(result);
    });
    return result.future();
  }
}

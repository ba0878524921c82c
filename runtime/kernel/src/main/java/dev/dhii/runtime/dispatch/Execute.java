package dev.dhii.runtime.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The pipeline's last stage: one attempt on the plugin's worker pool. Its outcome is delivered on the
 * caller's event loop ({@link Call#promise}); the deadline fails it when the call expires first.
 */
final class Execute implements Stage {

  private final CallTarget host;
  private final String capabilityId;

  Execute(Route route) {
    this.host = route.host();
    this.capabilityId = route.binding().id();
  }

  @Override
  public Future<Object> run(Call call, Next next) {
    Promise<Object> result = call.promise();
    call.attempting(result);
    call.occupancy = host.execute(capabilityId, call.params, call.ctx, result);
    return result.future();
  }
}

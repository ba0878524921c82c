package dev.dhii.runtime.http;

import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.kernel.KernelVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * {@code POST /v1/plugins/{id}/redeploy|disable|enable} and {@code POST /v1/plugins/rescan}: the operator's
 * routes (admin role, checked by the {@link AdminGuard} in front of them).
 */
final class AdminRoutes {

  private final KernelVerticle kernel;

  AdminRoutes(KernelVerticle kernel) {
    this.kernel = kernel;
  }

  void mount(Router router) {
    router.post("/v1/plugins/rescan").handler(rc -> kernel.rescan().onComplete(ar -> {
      if (ar.succeeded()) {
        HttpReplies.json(rc, 200, ar.result());
      } else {
        HttpReplies.error(rc, CallFailure.of(ar.cause(), null, null));
      }
    }));
    router.post("/v1/plugins/:id/redeploy").handler(rc -> run(rc, kernel::redeploy));
    router.post("/v1/plugins/:id/disable").handler(rc -> run(rc, kernel::disable));
    router.post("/v1/plugins/:id/enable").handler(rc -> run(rc, kernel::enable));
  }

  private static void run(RoutingContext rc, Function<String, Future<JsonObject>> action) {
    String pluginId = rc.pathParam("id");
    action.apply(pluginId).onComplete(ar -> {
      if (ar.succeeded()) {
        HttpReplies.json(rc, 200, ar.result());
      } else {
        HttpReplies.error(rc, CallFailure.of(ar.cause(), null, null).withPlugin(pluginId));
      }
    });
  }
}

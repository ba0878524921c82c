package dev.dhii.runtime.kernel;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.api.PluginException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The node-local admin address ({@code dhii.admin.plugins}): {@code {"action", "pluginId"}} runs the
 * kernel's redeploy, disable or enable ({@code {"action":"rescan"}}: the rescan of every plugin folder); the reply is the outcome, a failure carries the error body. As on
 * the HTTP admin routes, the request needs an {@code authorization} header with a bearer token of the
 * {@code admin} role (401 AUTHENTICATION, 403 FORBIDDEN): a JVM plugin holds the Vert.x instance, and being
 * on the event bus is no credential.
 */
final class AdminRequests implements Handler<Message<JsonObject>> {

  private final KernelVerticle kernel;

  AdminRequests(KernelVerticle kernel) {
    this.kernel = kernel;
  }

  @Override
  public void handle(Message<JsonObject> message) {
    String authorization = message.headers().get("authorization");
    if (authorization == null) {
      refuse(message, PluginException.of(ErrorCode.AUTHENTICATION, "This operation needs a bearer token with the admin role"));
      return;
    }
    kernel.authenticator().authenticate(authorization).onComplete(ar -> {
      if (ar.failed()) {
        refuse(message, ar.cause());
      } else if (!ar.result().isAdmin()) {
        refuse(message, PluginException.of(ErrorCode.FORBIDDEN, "User " + ar.result().userId()
          + " does not have the admin role"));
      } else {
        run(message);
      }
    });
  }

  private static void refuse(Message<JsonObject> message, Throwable why) {
    CallFailure failure = CallFailure.of(why, null, null);
    message.fail(failure.status(), failure.toBody().encode());
  }

  private void run(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String pluginId = body.getString("pluginId", "");
    Future<JsonObject> outcome = switch (body.getString("action", "")) {
      case "redeploy" -> kernel.redeploy(pluginId);
      case "disable" -> kernel.disable(pluginId);
      case "enable" -> kernel.enable(pluginId);
      case "rescan" -> kernel.rescan();
      default -> Future.failedFuture(PluginException.of(ErrorCode.VALIDATION, "action must be redeploy, disable, enable or rescan"));
    };
    outcome.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        CallFailure failure = CallFailure.of(ar.cause(), null, null).withPlugin(pluginId);
        message.fail(failure.status(), failure.toBody().encode());
      }
    });
  }
}

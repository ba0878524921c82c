package dev.dhii.runtime.http;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.dispatch.CallResult;
import dev.dhii.runtime.dispatch.Invoker;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/capabilities/{id}/invoke} and the two routes today's Dhii-Mail callers use
 * ({@code POST /api/kernel/capabilities/{id}/execute}, {@code POST /kernel/capabilities/execute}), with
 * the v1 response shapes.
 */
final class InvokeRoutes {

  private final Invoker invoker;

  InvokeRoutes(Invoker invoker) {
    this.invoker = invoker;
  }

  void mount(Router router) {
    router.post("/v1/capabilities/:id/invoke").handler(this::invoke);
    router.post("/api/kernel/capabilities/:id/execute").handler(this::executeV1);
    router.post("/kernel/capabilities/execute").handler(this::executeV1Envelope);
  }

  private void invoke(RoutingContext rc) {
    CallRequest request;
    try {
      request = InvokeRequests.parse(rc, rc.pathParam("id"), null);
    } catch (CallFailure f) {
      HttpReplies.error(rc, f);
      return;
    }
    invoker.invoke(request).onComplete(ar -> {
      if (ar.succeeded()) {
        CallResult result = ar.result();
        rc.response().putHeader("x-request-id", result.requestId())
          .putHeader("x-dhii-attempts", Integer.toString(result.attempts()));
        HttpReplies.json(rc, 200, new JsonObject().put("requestId", result.requestId()).put("result", result.output()));
      } else {
        HttpReplies.error(rc, (CallFailure) ar.cause());
      }
    });
  }

  /** v1: body = params; {@code {"status":"success","result"}}, 404 {@code not_found}, else {@code error}. */
  private void executeV1(RoutingContext rc) {
    String capabilityId = rc.pathParam("id");
    CallRequest request;
    try {
      request = InvokeRequests.parse(rc, capabilityId, null);
    } catch (CallFailure f) {
      v1Error(rc, f);
      return;
    }
    invoker.invoke(request).onComplete(ar -> {
      if (ar.succeeded()) {
        HttpReplies.json(rc, 200, new JsonObject().put("status", "success").put("result", ar.result().output()));
      } else {
        v1Error(rc, (CallFailure) ar.cause());
      }
    });
  }

  private static void v1Error(RoutingContext rc, CallFailure failure) {
    ErrorCode code = failure.error().code();
    String status = code == ErrorCode.NOT_FOUND ? "not_found" : "error";
    rc.response().putHeader("x-request-id", String.valueOf(failure.requestId()));
    HttpReplies.json(rc, failure.status(), new JsonObject().put("status", status)
      .put("message", failure.error().message()).put("code", code.name()));
  }

  /**
   * v1: body {@code {"capability_id","parameters"}}; {@code {"success":true,"result"}}; a bad request is
   * 400 {@code {"success":false,"error"}}; a failed call is 200 {@code {"success":false,"error"}}.
   */
  private void executeV1Envelope(RoutingContext rc) {
    JsonObject envelope;
    try {
      envelope = InvokeRequests.parseObject(BodyReader.body(rc));
    } catch (CallFailure f) {
      HttpReplies.json(rc, 400, new JsonObject().put("success", false).put("error", f.error().message()).put("code", "VALIDATION"));
      return;
    }
    Object capability = envelope.getValue("capability_id");
    Object parameters = envelope.getValue("parameters", new JsonObject());
    if (!(capability instanceof String id) || id.isBlank() || !(parameters instanceof JsonObject)) {
      HttpReplies.json(rc, 400, new JsonObject().put("success", false).put("code", "VALIDATION")
        .put("error", "The body must be {\"capability_id\": string, \"parameters\": object}"));
      return;
    }
    CallRequest request;
    try {
      request = withInput(InvokeRequests.parse(rc, id, BodyReader.body(rc)), (JsonObject) parameters);
    } catch (CallFailure f) {
      HttpReplies.json(rc, 400, new JsonObject().put("success", false).put("error", f.error().message()).put("code", "VALIDATION"));
      return;
    }
    invoker.invoke(request).onComplete(ar -> {
      if (ar.succeeded()) {
        HttpReplies.json(rc, 200, new JsonObject().put("success", true).put("result", ar.result().output()));
      } else {
        CallFailure f = (CallFailure) ar.cause();
        HttpReplies.json(rc, 200, new JsonObject().put("success", false).put("error", f.error().message())
          .put("code", f.error().code().name()));
      }
    });
  }

  private static CallRequest withInput(CallRequest r, JsonObject input) {
    return r.toBuilder().input(input).payloadBytes(input.toBuffer().length()).build();
  }

}

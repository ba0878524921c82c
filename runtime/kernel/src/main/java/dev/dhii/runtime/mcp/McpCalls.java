package dev.dhii.runtime.mcp;

import dev.dhii.api.CancellationToken;
import dev.dhii.api.ErrorCode;
import dev.dhii.api.ProgressListener;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.dispatch.CallResult;
import dev.dhii.runtime.dispatch.Invoker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code tools/call}: the call goes through the {@link Invoker} as an HTTP invoke does (bearer token, rate
 * limit, validation, breaker, bulkhead, deadline), answered on an SSE stream of its own, which also carries
 * {@code notifications/progress} when the client gave a progress token. The output becomes
 * {@code structuredContent} plus a text block; a typed failure an {@code isError} result carrying the error
 * body of DESIGN §7; an unknown tool a JSON-RPC error. {@code notifications/cancelled} for the call, or the
 * client closing the stream, fires its cancellation token; a call cancelled by the client gets no answer.
 */
final class McpCalls {

  private final Invoker invoker;

  McpCalls(Invoker invoker) {
    this.invoker = invoker;
  }

  /**
   * @param rc the POST
   * @param session the caller's session
   * @param id the request's id
   * @param params its parameters
   * @param stream the request's response stream, not yet open
   */
  void call(RoutingContext rc, McpSession session, Object id, JsonObject params, SseStream stream) {
    Object name = params.getValue("name");
    Object arguments = params.getValue("arguments", new JsonObject());
    if (!(name instanceof String tool) || tool.isEmpty()) {
      McpEndpoint.reply(rc, 200, McpProtocol.error(id, McpProtocol.INVALID_PARAMS, "params.name must be a tool name", null));
      return;
    }
    if (!(arguments instanceof JsonObject input)) {
      McpEndpoint.reply(rc, 200, McpProtocol.error(id, McpProtocol.INVALID_PARAMS, "params.arguments must be an object", null));
      return;
    }
    // the one timeout rule of every transport (CallRequest.timeoutMsOf)
    Long timeoutMs = CallRequest.timeoutMsOf(rc.request().getHeader("x-timeout-ms"));
    if (timeoutMs != null && timeoutMs == CallRequest.INVALID_TIMEOUT) {
      McpEndpoint.reply(rc, 200, McpProtocol.error(id, McpProtocol.INVALID_PARAMS,
        "X-Timeout-Ms must be a positive whole number of milliseconds", null));
      return;
    }
    String key = McpEndpoint.idKey(id);
    CancellationToken token = CancellationToken.create();
    if (!session.startCall(key, token)) {
      McpEndpoint.reply(rc, 200, McpProtocol.error(id, McpProtocol.INVALID_REQUEST, "A request with this id is in flight", null));
      return;
    }
    boolean[] byClient = {false};
    stream.open(() -> token.cancel("the client closed the stream"));
    CallRequest.Builder request = CallRequest.builder(tool, input).authorization(rc.request().getHeader("authorization"))
      .requestId(rc.request().getHeader("x-request-id")).clientKey(rc.request().remoteAddress().hostAddress())
      .timeoutMs(timeoutMs).cancellation(token);
    JsonObject meta = params.getJsonObject("_meta");
    Object progressToken = meta == null ? null : meta.getValue("progressToken");
    if (McpProtocol.validId(progressToken)) {
      request.progress(progress(stream, progressToken));
    }
    token.onCancel(() -> byClient[0] = !"deadline".equals(token.reason()));
    invoker.invoke(request.build()).onComplete(ar -> {
      session.endCall(key);
      if (ar.succeeded()) {
        stream.finish(McpProtocol.result(id, success(ar.result())));
        return;
      }
      CallFailure failure = (CallFailure) ar.cause();
      if (failure.error().code() == ErrorCode.CANCELLED && byClient[0]) {
        stream.close(); // the client gave up on it: no answer (MCP cancellation)
      } else if (failure.error().code() == ErrorCode.NOT_FOUND) {
        stream.finish(McpProtocol.error(id, McpProtocol.INVALID_PARAMS, "Unknown tool: " + tool, failure.toBody()));
      } else {
        stream.finish(McpProtocol.result(id, failed(failure)));
      }
    });
  }

  private static ProgressListener progress(SseStream stream, Object progressToken) {
    return (progress, total, message) -> {
      JsonObject p = new JsonObject().put("progressToken", progressToken).put("progress", progress);
      if (total != null) {
        p.put("total", total);
      }
      if (message != null) {
        p.put("message", message);
      }
      stream.send(McpProtocol.notification("notifications/progress", p));
    };
  }

  static JsonObject success(CallResult result) {
    JsonObject output = result.output();
    return new JsonObject().put("content", new JsonArray().add(text(output.encode())))
      .put("structuredContent", output).put("isError", false);
  }

  static JsonObject failed(CallFailure failure) {
    JsonObject body = failure.toBody();
    return new JsonObject().put("content", new JsonArray().add(text(body.encode())))
      .put("structuredContent", body).put("isError", true);
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("type", "text").put("text", text);
  }
}

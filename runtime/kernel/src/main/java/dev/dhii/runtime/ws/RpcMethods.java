package dev.dhii.runtime.ws;

import dev.dhii.api.CancellationToken;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.dispatch.CallResult;
import dev.dhii.runtime.dispatch.Invoker;
import dev.dhii.runtime.dispatch.Principal;
import dev.dhii.runtime.cluster.ClusterView;
import dev.dhii.runtime.kernel.HealthDocuments;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The bridge's methods, except {@code cancel} which the connection answers itself: each reads its params
 * (a bad one is -32602) and returns the Future of its {@code result}. Shared by every connection.
 */
final class RpcMethods {

  static final String INVOKE = "invoke";
  static final String CANCEL = "cancel";

  private final Invoker invoker;
  private final Authenticator authenticator;
  private final HealthDocuments healthDocuments;
  private final ClusterView view;

  RpcMethods(Invoker invoker, Authenticator authenticator, HealthDocuments healthDocuments, ClusterView view) {
    this.invoker = invoker;
    this.authenticator = authenticator;
    this.healthDocuments = healthDocuments;
    this.view = view;
  }

  /**
   * @param connection the calling connection, on its context
   * @param request the request
   * @param token the call's cancellation token (for {@code invoke}), else null
   * @return the result
   * @throws RpcError for an unknown method or bad params
   */
  Future<?> call(WebSocketConnection connection, RpcRequest request, CancellationToken token) {
    return switch (request.method()) {
      case INVOKE -> invoke(connection, request.named(), token);
      case "capabilities.list" -> view.capabilities();
      // the same disclosure as over HTTP: causes and details only for a connection with a token
      case "plugins.list" -> view.plugins().map(p -> disclosed(connection, p));
      case "health" -> healthDocuments.health().map(HealthDocuments.Health::body).map(h -> disclosed(connection, h));
      case "subscribe" -> connection.subscriptions().add(topics(request.named(), true))
        .map(topics -> new JsonObject().put("topics", topics));
      case "unsubscribe" -> Future.succeededFuture(new JsonObject()
        .put("topics", connection.subscriptions().remove(topics(request.named(), false))));
      case "auth" -> auth(connection, request.named());
      default -> throw RpcError.methodNotFound(request.method());
    };
  }

  private static JsonObject disclosed(WebSocketConnection connection, JsonObject listing) {
    return connection.principal() != null ? listing : dev.dhii.runtime.auth.Disclosure.anonymous(listing);
  }

  private Future<JsonObject> invoke(WebSocketConnection connection, JsonObject params, CancellationToken token) {
    if (!(params.getValue("capability") instanceof String capability) || capability.isBlank()) {
      throw RpcError.invalidParams("invoke needs capability, a non-empty string");
    }
    Object input = params.containsKey("input") ? params.getValue("input") : new JsonObject();
    if (!(input instanceof JsonObject)) {
      throw RpcError.invalidParams("input must be a JSON object");
    }
    Object timeout = params.getValue("timeoutMs");
    Long timeoutMs = timeout instanceof Number ? CallRequest.timeoutMsOf(timeout) : null;
    if (params.containsKey("timeoutMs") && (timeoutMs == null || timeoutMs == CallRequest.INVALID_TIMEOUT)) {
      throw RpcError.invalidParams("timeoutMs must be a positive whole number of milliseconds");
    }
    Principal principal = connection.principal();
    CallRequest request = CallRequest.builder(capability, input).userId(principal == null ? null : principal.userId())
      .timeoutMs(timeoutMs).clientKey(connection.clientKey()).cancellation(token).build();
    return invoker.invoke(request).map(CallResult::output);
  }

  private Future<JsonObject> auth(WebSocketConnection connection, JsonObject params) {
    if (!(params.getValue("token") instanceof String token) || token.isBlank()) {
      throw RpcError.invalidParams("auth needs token, a non-empty string");
    }
    return connection.onContext(authenticator.authenticate(token)).map(principal -> {
      connection.principal(principal);
      return toJson(principal);
    });
  }

  static JsonObject toJson(Principal principal) {
    return new JsonObject().put("userId", principal.userId()).put("roles", new JsonArray(new ArrayList<>(principal.roles())));
  }

  private static List<String> topics(JsonObject params, boolean required) {
    Object value = params.getValue("topics");
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof JsonArray array) || (required && array.isEmpty())) {
      throw RpcError.invalidParams("topics must be " + (required ? "a non-empty" : "an") + " array of event type prefixes");
    }
    List<String> topics = new ArrayList<>(array.size());
    for (Object topic : array) {
      if (!(topic instanceof String s)) {
        throw RpcError.invalidParams("every topic must be a string");
      }
      topics.add(s);
    }
    return topics;
  }
}

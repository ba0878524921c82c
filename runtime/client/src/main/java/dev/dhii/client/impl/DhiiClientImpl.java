package dev.dhii.client.impl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dhii.api.ErrorCode;
import dev.dhii.client.DhiiCallException;
import dev.dhii.client.DhiiClient;
import dev.dhii.client.DhiiClientOptions;
import dev.dhii.client.InvokeOptions;
import dev.dhii.client.ReplyErrors;
import dev.dhii.client.Wire;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Event bus requests with the runtime's headers, failures decoded by {@link ReplyErrors}. */
public final class DhiiClientImpl implements DhiiClient {

  /** Bound on the capability directory lookup that follows a NO_HANDLERS failure. */
  static final long DIRECTORY_TIMEOUT_MS = 1_000;

  /**
   * Vert.x's mapper, except that null components are left out (an optional input is absent, not null,
   * for the schema) and output properties this caller does not know are ignored (a plugin may add some).
   */
  private static final ObjectMapper MAPPER = DatabindCodec.mapper().copy()
    .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Vertx vertx;
  private final DhiiClientOptions options;

  /**
   * @param vertx the Vert.x instance
   * @param options the settings (not copied)
   */
  public DhiiClientImpl(Vertx vertx, DhiiClientOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  @Override
  public Future<JsonObject> invoke(String capabilityId, JsonObject input, InvokeOptions invokeOptions) {
    return request(capabilityId, input, invokeOptions).map(Message::body);
  }

  @Override
  public <I, O> Future<O> invoke(String capabilityId, I input, Class<O> outputType, InvokeOptions invokeOptions) {
    JsonObject json;
    try {
      json = input == null || input instanceof JsonObject ? (JsonObject) input
        : new JsonObject(MAPPER.<Map<String, Object>>convertValue(input, MAPPER.getTypeFactory()
          .constructMapType(Map.class, String.class, Object.class)));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new DhiiCallException(ErrorCode.VALIDATION, "The input of " + capabilityId
        + " does not map to JSON: " + e.getMessage(), null, invokeOptions.getRequestId(), null, capabilityId, null));
    }
    return invoke(capabilityId, json, invokeOptions).compose(output -> {
      try {
        return Future.succeededFuture(outputType == JsonObject.class ? outputType.cast(output)
          : MAPPER.convertValue(output.getMap(), outputType));
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new DhiiCallException(ErrorCode.INTERNAL, "The output of " + capabilityId
          + " does not map to " + outputType.getName() + ": " + e.getMessage(), null, invokeOptions.getRequestId(),
          null, capabilityId, null));
      }
    });
  }

  @Override
  public Future<Message<JsonObject>> request(String capabilityId, Object input, InvokeOptions invokeOptions) {
    String requestId = invokeOptions.getRequestId() != null && !invokeOptions.getRequestId().isEmpty()
      ? invokeOptions.getRequestId() : UUID.randomUUID().toString();
    long timeoutMs = invokeOptions.getTimeoutMs() > 0 ? invokeOptions.getTimeoutMs() : options.getDefaultTimeoutMs();
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(timeoutMs + options.getReplyGraceMs())
      .addHeader(Wire.HEADER_REQUEST_ID, requestId);
    if (invokeOptions.getTimeoutMs() > 0) {
      delivery.addHeader(Wire.HEADER_TIMEOUT_MS, Long.toString(invokeOptions.getTimeoutMs()));
    }
    if (invokeOptions.getUserId() != null) {
      delivery.addHeader(Wire.HEADER_USER_ID, invokeOptions.getUserId());
    }
    if (invokeOptions.getAuthorization() != null) {
      delivery.addHeader(Wire.HEADER_AUTHORIZATION, invokeOptions.getAuthorization());
    }
    if (invokeOptions.getPayloadBytes() >= 0) {
      delivery.addHeader(Wire.HEADER_PAYLOAD_BYTES, Long.toString(invokeOptions.getPayloadBytes()));
    }
    Future<Message<JsonObject>> reply;
    try {
      reply = vertx.eventBus().request(Wire.capability(capabilityId), input, delivery);
    } catch (IllegalArgumentException e) { // no codec for the body's type
      return Future.failedFuture(new DhiiCallException(ErrorCode.VALIDATION, "The input of " + capabilityId
        + " cannot be sent: " + e.getMessage(), null, requestId, null, capabilityId, null));
    }
    return reply.recover(failure -> failed(failure, capabilityId, requestId));
  }

  private <T> Future<T> failed(Throwable failure, String capabilityId, String requestId) {
    if (!(failure instanceof ReplyException re)) {
      return Future.failedFuture(new DhiiCallException(ErrorCode.INTERNAL, "The request failed: " + failure,
        null, requestId, null, capabilityId, null));
    }
    DhiiCallException error = ReplyErrors.decode(re, capabilityId, requestId);
    if (re.failureType() != ReplyFailure.NO_HANDLERS) {
      return Future.failedFuture(error);
    }
    // no node serves it: UNAVAILABLE if the cluster has served it before, else NOT_FOUND
    return vertx.sharedData().<String, String>getAsyncMap(Wire.CAPABILITY_DIRECTORY)
      .compose(map -> map.get(capabilityId))
      .timeout(DIRECTORY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .transform(ar -> Future.failedFuture(ar.succeeded() && ar.result() != null
        ? ReplyErrors.unavailable(error, ar.result()) : error));
  }
}

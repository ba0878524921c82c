package dev.dhii.runtime.dispatch;

import dev.dhii.api.PluginException;
import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.bus.Addresses;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * The event bus transport of the {@link Dispatcher}: a message sent to {@code dhii.cap.<capabilityId>}
 * becomes a {@link CallRequest} (headers {@code dhii-request-id}, {@code dhii-user-id},
 * {@code dhii-timeout-ms}, {@code authorization}, {@code dhii-payload-bytes}, {@code dhii-client}); the
 * reply is the output (headers {@code dhii-request-id}, {@code dhii-attempts}), or a failure with the HTTP
 * status as failure code and the error body as message.
 */
final class EventBusCalls {

  private final Dispatcher dispatcher;

  EventBusCalls(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  void handle(Message<Object> message) {
    MultiMap headers = message.headers();
    String capabilityId = message.address().substring(Addresses.CAPABILITY_PREFIX.length());
    String requestId = headers.get(Addresses.HEADER_REQUEST_ID);
    Long timeoutMs;
    long payloadBytes;
    try {
      timeoutMs = timeoutOf(headers.get(Addresses.HEADER_TIMEOUT_MS));
      Long size = parseLong(headers.get(Addresses.HEADER_PAYLOAD_BYTES), Addresses.HEADER_PAYLOAD_BYTES);
      payloadBytes = size == null ? -1 : size;
    } catch (PluginException e) {
      CallFailure failure = CallFailure.of(e, CallRequest.requestIdOf(requestId), capabilityId);
      CallLog.failed(failure, null);
      message.fail(failure.status(), failure.toBody().encode());
      return;
    }
    CallRequest request = CallRequest.builder(capabilityId, message.body()).requestId(requestId)
      .userId(headers.get(Addresses.HEADER_USER_ID)).timeoutMs(timeoutMs).authorization(headers.get(Addresses.HEADER_AUTHORIZATION))
      .payloadBytes(payloadBytes).clientKey(headers.get(Addresses.HEADER_CLIENT)).build();
    dispatcher.invoke(request).onComplete(ar -> {
      if (ar.succeeded()) {
        CallResult result = ar.result();
        message.reply(result.output(), new DeliveryOptions()
          .addHeader(Addresses.HEADER_REQUEST_ID, result.requestId())
          .addHeader(Addresses.HEADER_ATTEMPTS, Integer.toString(result.attempts())));
      } else {
        CallFailure failure = (CallFailure) ar.cause();
        message.fail(failure.status(), failure.toBody().encode());
      }
    });
  }

  private static Long timeoutOf(String value) {
    Long timeoutMs = CallRequest.timeoutMsOf(value);
    if (timeoutMs != null && timeoutMs == CallRequest.INVALID_TIMEOUT) {
      throw PluginException.of(ErrorCode.VALIDATION, "Header " + Addresses.HEADER_TIMEOUT_MS
        + " must be a positive number of milliseconds: " + value);
    }
    return timeoutMs;
  }

  private static Long parseLong(String value, String header) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw PluginException.of(ErrorCode.VALIDATION, "Header " + header + " must be a number: " + value);
    }
  }
}

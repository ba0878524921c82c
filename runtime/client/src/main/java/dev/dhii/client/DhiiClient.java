package dev.dhii.client;

import dev.dhii.client.impl.DhiiClientImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Calls capabilities of a Dhii runtime from any Vert.x instance of its cluster, over the event bus
 * ({@code dhii.cap.<id>}, DESIGN §6). Every failure is a {@link DhiiCallException} with its error code:
 * the runtime's own errors come back as they were sent; no node serving the capability is NOT_FOUND, or
 * UNAVAILABLE when the cluster has served it before; no answer by the deadline is TIMEOUT.
 *
 * <pre>{@code
 * DhiiClient dhii = DhiiClient.create(vertx);
 * dhii.invoke("echo.echo", new Text("hi"), Text.class)
 *     .onSuccess(out -> ...)
 *     .onFailure(e -> ((DhiiCallException) e).code());
 * }</pre>
 */
public interface DhiiClient {

  /**
   * @param vertx a Vert.x instance, clustered with the runtime (or the runtime's own)
   * @return a client with the default options
   */
  static DhiiClient create(Vertx vertx) {
    return create(vertx, new DhiiClientOptions());
  }

  /**
   * @param vertx a Vert.x instance, clustered with the runtime (or the runtime's own)
   * @param options the client's settings
   * @return a client
   */
  static DhiiClient create(Vertx vertx, DhiiClientOptions options) {
    return new DhiiClientImpl(vertx, new DhiiClientOptions(options));
  }

  /**
   * @param capabilityId the capability, e.g. {@code email.send}
   * @param input its input
   * @param options request id, user, timeout, token
   * @return the output, or a failed Future with a {@link DhiiCallException}
   */
  Future<JsonObject> invoke(String capabilityId, JsonObject input, InvokeOptions options);

  /**
   * @param capabilityId the capability
   * @param input its input
   * @return the output, or a failed Future with a {@link DhiiCallException}
   */
  default Future<JsonObject> invoke(String capabilityId, JsonObject input) {
    return invoke(capabilityId, input, new InvokeOptions());
  }

  /**
   * Maps the input to JSON and the output back with Jackson (records and beans).
   *
   * @param capabilityId the capability
   * @param input its input, e.g. a record
   * @param outputType the output's type
   * @param options request id, user, timeout, token
   * @param <I> the input type
   * @param <O> the output type
   * @return the output, or a failed Future with a {@link DhiiCallException} (VALIDATION when the input
   *     does not map to JSON, INTERNAL when the output does not map to {@code outputType})
   */
  <I, O> Future<O> invoke(String capabilityId, I input, Class<O> outputType, InvokeOptions options);

  /**
   * @param capabilityId the capability
   * @param input its input, e.g. a record
   * @param outputType the output's type
   * @param <I> the input type
   * @param <O> the output type
   * @return the output, or a failed Future with a {@link DhiiCallException}
   */
  default <I, O> Future<O> invoke(String capabilityId, I input, Class<O> outputType) {
    return invoke(capabilityId, input, outputType, new InvokeOptions());
  }

  /**
   * The call as it travels: any body (the runtime answers VALIDATION unless it is a JSON object), and the
   * reply message with its headers ({@code dhii-request-id}, {@code dhii-attempts}).
   *
   * @param capabilityId the capability
   * @param input the body to send
   * @param options request id, user, timeout, token
   * @return the reply, or a failed Future with a {@link DhiiCallException}
   */
  Future<Message<JsonObject>> request(String capabilityId, Object input, InvokeOptions options);
}

package dev.dhii.runtime.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JSON-RPC client over a real WebSocket, for tests on the JUnit thread: sends frames, and waits (with a
 * deadline) for the next frame or for the reply with a given id, keeping the frames it skipped.
 */
public final class RpcClient implements AutoCloseable {

  private static final long WAIT_MS = 10_000;

  private final WebSocketClient client;
  private final WebSocket ws;
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final List<Object> skipped = new ArrayList<>();
  private final Promise<Short> closed = Promise.promise();

  private RpcClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
  }

  /**
   * @param vertx the Vert.x instance
   * @param port the runtime's HTTP port on 127.0.0.1
   * @param authorization an Authorization header for the upgrade, or null
   * @return the connected client
   */
  public static RpcClient connect(Vertx vertx, int port, String authorization) {
    return await(open(vertx, port, authorization));
  }

  /**
   * @param vertx the Vert.x instance
   * @param port the runtime's HTTP port on 127.0.0.1
   * @param authorization an Authorization header for the upgrade, or null
   * @return the connection attempt (fails with the upgrade's rejection)
   */
  public static Future<RpcClient> open(Vertx vertx, int port, String authorization) {
    return open(vertx, port, "/v1/ws", authorization);
  }

  /**
   * @param vertx the Vert.x instance
   * @param port the runtime's HTTP port on 127.0.0.1
   * @param uri the path to upgrade
   * @param authorization an Authorization header for the upgrade, or null
   * @return the connection attempt (fails with the upgrade's rejection)
   */
  public static Future<RpcClient> open(Vertx vertx, int port, String uri, String authorization) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
      .setMaxMessageSize(1 << 22));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (authorization != null) {
      options.putHeader("authorization", authorization);
    }
    return client.connect(options).map(ws -> {
      RpcClient rpc = new RpcClient(client, ws);
      ws.textMessageHandler(rpc.frames::add);
      ws.closeHandler(v -> rpc.closed.tryComplete(ws.closeStatusCode()));
      return rpc;
    }).onFailure(e -> client.close());
  }

  /** @param text a text frame to send as it is */
  public void sendText(String text) {
    ws.writeTextMessage(text);
  }

  /** @param frame a raw frame */
  public void sendFrame(WebSocketFrame frame) {
    ws.writeFrame(frame);
  }

  /** @param bytes a binary message */
  public void sendBinary(Buffer bytes) {
    ws.writeBinaryMessage(bytes);
  }

  /** @param id the id @param method the method @param params the params, or null @return what was sent */
  public JsonObject send(Object id, String method, Object params) {
    JsonObject request = request(id, method, params);
    sendText(request.encode());
    return request;
  }

  /** @param id the id @param method the method @param params the params, or null @return the request object */
  public static JsonObject request(Object id, String method, Object params) {
    JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("method", method).put("id", id);
    return params == null ? request : request.put("params", params);
  }

  /** @param id the id @param method the method @param params the params, or null @return the reply to it */
  public JsonObject call(Object id, String method, Object params) {
    send(id, method, params);
    return reply(id);
  }

  /** @return the next frame not yet returned, decoded (a JsonObject or a JsonArray) */
  public Object next() {
    if (!skipped.isEmpty()) {
      return skipped.remove(0);
    }
    return poll();
  }

  /** @param id a request id @return the reply with that id, keeping the frames received before it for {@link #next} */
  public JsonObject reply(Object id) {
    for (int i = 0; i < skipped.size(); i++) {
      if (skipped.get(i) instanceof JsonObject json && json.containsKey("id") && Objects.equals(json.getValue("id"), id)) {
        return (JsonObject) skipped.remove(i);
      }
    }
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (System.currentTimeMillis() < deadline) {
      Object frame = poll();
      if (frame instanceof JsonObject json && json.containsKey("id") && Objects.equals(json.getValue("id"), id)) {
        return json;
      }
      skipped.add(frame);
    }
    throw new AssertionError("No reply with id " + id + " within " + WAIT_MS + " ms; received " + skipped);
  }

  /** @return whether every frame received so far has been returned */
  public boolean idle() {
    return skipped.isEmpty() && frames.isEmpty();
  }

  /** @return the status code the connection was closed with, waiting for the close */
  public short awaitClose() {
    return await(closed.future());
  }

  private Object poll() {
    try {
      String text = frames.poll(WAIT_MS, TimeUnit.MILLISECONDS);
      if (text == null) {
        throw new AssertionError("No frame within " + WAIT_MS + " ms");
      }
      return Json.decodeValue(text);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    ws.close();
    client.close();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

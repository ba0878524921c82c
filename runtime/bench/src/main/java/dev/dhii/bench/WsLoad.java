package dev.dhii.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON-RPC {@code invoke} calls to the runtime's {@code /v1/ws} over a few connections, for {@link Load}.
 * Everything runs on one context (the connections are opened on it and {@link Load} runs there), so
 * nothing is shared across threads; each call goes to the connection with the fewest calls in flight.
 */
final class WsLoad {

  private final Context context;
  private final WebSocketClient client;
  private final List<Connection> connections = new ArrayList<>();

  private WsLoad(Context context, WebSocketClient client) {
    this.context = context;
    this.client = client;
  }

  /** One connection and its calls waiting for a reply, by JSON-RPC id. */
  private static final class Connection {
    final WebSocket ws;
    final Map<Long, Promise<Void>> pending = new HashMap<>();
    long nextId;

    Connection(WebSocket ws) {
      this.ws = ws;
      ws.textMessageHandler(this::reply);
      ws.closeHandler(v -> failAll("connection closed"));
    }

    Future<Void> call(String method, String params) {
      long id = nextId++;
      Promise<Void> reply = Promise.promise();
      pending.put(id, reply);
      ws.writeTextMessage("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
      return reply.future();
    }

    /** The runtime writes {@code {"jsonrpc":"2.0","id":N,"result"|"error":...}}: read the id and the outcome without a full parse. */
    private void reply(String text) {
      int at = text.indexOf("\"id\":");
      int end = at < 0 ? -1 : text.indexOf(',', at);
      Promise<Void> call = end < 0 ? null : pending.remove(Long.parseLong(text.substring(at + 5, end)));
      if (call == null) {
        JsonObject json = new JsonObject(text);
        call = pending.remove(json.getLong("id"));
        if (call == null) {
          return;
        }
      }
      if (text.startsWith("\"result\"", end + 1)) {
        call.complete();
      } else {
        call.fail(text);
      }
    }

    private void failAll(String why) {
      new ArrayList<>(pending.values()).forEach(p -> p.tryFail(why));
      pending.clear();
    }
  }

  /**
   * @param vertx the Vert.x instance
   * @param port the runtime's HTTP port on 127.0.0.1
   * @param connections how many connections to open
   * @return the open connections, all on one new context
   */
  static Future<WsLoad> connect(Vertx vertx, int port, int connections) {
    Context context = vertx.getOrCreateContext();
    Promise<WsLoad> done = Promise.promise();
    context.runOnContext(v -> {
      WsLoad load = new WsLoad(context, vertx.createWebSocketClient());
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/v1/ws");
      List<Future<WebSocket>> opened = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        opened.add(load.client.connect(options).onSuccess(ws -> load.connections.add(new Connection(ws))));
      }
      Future.all(opened).map(load).onComplete(done);
    });
    return done.future();
  }

  /** @return the context the connections run on; {@link Load#run(Context, String, int, double, Supplier)} must use it */
  Context context() {
    return context;
  }

  /**
   * @param capability the capability
   * @param input its input
   * @return one call per get, to the least busy connection
   */
  Supplier<Future<?>> invoke(String capability, JsonObject input) {
    String params = new JsonObject().put("capability", capability).put("input", input).encode();
    return () -> {
      Connection least = connections.get(0);
      for (Connection c : connections) {
        if (c.pending.size() < least.pending.size()) {
          least = c;
        }
      }
      return least.call("invoke", params);
    };
  }

  /** @return completes when the connections are closed */
  Future<Void> close() {
    return client.close();
  }
}

package dev.dhii.runtime.ws;

import dev.dhii.runtime.config.WebSocketOptions;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.runtime.dispatch.Invoker;
import dev.dhii.runtime.dispatch.Principal;
import dev.dhii.runtime.cluster.ClusterView;
import dev.dhii.runtime.kernel.HealthDocuments;
import dev.dhii.runtime.limits.ByteBudget;
import dev.dhii.runtime.limits.ConnectionLimits;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocketHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket bridge (DESIGN §9): JSON-RPC 2.0 in text frames at {@value #PATH} of the HTTP server.
 * Methods: {@code invoke}, {@code cancel}, {@code capabilities.list}, {@code plugins.list}, {@code health},
 * {@code subscribe}, {@code unsubscribe}, {@code auth}. A bearer token on the upgrade request
 * authenticates the connection (an invalid one is refused with 401); so does a later {@code auth} call.
 * One instance serves every HTTP verticle instance; each connection keeps its state on its own context.
 */
public final class WebSocketBridge {

  /** The path the bridge upgrades; upgrades to any other path are refused with 404. */
  public static final String PATH = "/v1/ws";

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketBridge.class);

  /**
   * What every connection shares: the limits, the bytes of fragmented messages in progress, the connections by
   * client address, the topics subscribed.
   */
  record Shared(WebSocketOptions options, ByteBudget budget, ConnectionLimits connections, AtomicLong topics) {
  }

  private final Authenticator authenticator;
  private final RpcMethods methods;
  private final WebSocketOptions options;
  private final Shared shared;

  /**
   * @param invoker how calls reach a plugin
   * @param authenticator checks bearer tokens (upgrade header and {@code auth})
   * @param healthDocuments the health documents
   * @param view the plugin and capability listings (cluster-wide when clustered), as on HTTP
   * @param options the per-connection limits
   */
  public WebSocketBridge(Invoker invoker, Authenticator authenticator, HealthDocuments healthDocuments, ClusterView view,
                         WebSocketOptions options) {
    this(invoker, authenticator, healthDocuments, view, options, null);
  }

  /**
   * @param invoker how calls reach a plugin
   * @param authenticator checks bearer tokens (upgrade header and {@code auth})
   * @param healthDocuments the health documents
   * @param view the plugin and capability listings (cluster-wide when clustered), as on HTTP
   * @param options the per-connection limits
   * @param sharedBudget the runtime's budget of bytes buffered for requests in progress, which messages being
   *                     assembled also count against (beside the bridge's own bound), or null
   */
  public WebSocketBridge(Invoker invoker, Authenticator authenticator, HealthDocuments healthDocuments, ClusterView view,
                         WebSocketOptions options, ByteBudget sharedBudget) {
    this.authenticator = authenticator;
    this.methods = new RpcMethods(invoker, authenticator, healthDocuments, view);
    this.options = new WebSocketOptions(options);
    this.shared = new Shared(this.options, new ByteBudget(this.options.getMaxBufferedBytes(), sharedBudget),
      new ConnectionLimits(Integer.MAX_VALUE, this.options.getMaxConnectionsPerAddress()), new AtomicLong());
  }

  /** @return the event topics the connections hold together (0: nobody is subscribed to any event) */
  public long subscribedTopics() {
    return shared.topics().get();
  }

  /**
   * Sets the frame and message size limits: Vert.x closes a connection that sends a larger frame (status 1009),
   * and the bridge closes one whose fragments add up to a larger message (also 1009). Compression is not
   * offered: no extension is ever negotiated, so Netty refuses a frame with an RSV bit set (status 1002), and
   * no message can inflate past the bounds it was checked against.
   *
   * @param server the HTTP server's options
   * @return the same options
   */
  public HttpServerOptions configure(HttpServerOptions server) {
    return server.setMaxWebSocketFrameSize(options.getMaxFrameBytes()).setMaxWebSocketMessageSize(options.getMaxFrameBytes())
      .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
  }

  /**
   * The HTTP server's WebSocket handshake handler.
   *
   * @param handshake an upgrade request
   */
  public void handshake(ServerWebSocketHandshake handshake) {
    if (!PATH.equals(handshake.path())) {
      handshake.reject(404);
      return;
    }
    Context context = Vertx.currentContext();
    String authorization = handshake.headers().get("authorization");
    Future<Principal> principal = authorization == null ? Future.succeededFuture() : authenticator.authenticate(authorization);
    principal.onComplete(ar -> context.runOnContext(v -> {
      if (ar.failed()) {
        LOG.info("websocket upgrade refused from {}: {}", handshake.remoteAddress(), ar.cause().getMessage());
        handshake.reject(401);
        return;
      }
      String host = handshake.remoteAddress() == null ? null : handshake.remoteAddress().host();
      handshake.accept().onSuccess(ws -> {
        String refused = shared.connections().tryAcquire(host);
        if (refused != null) {
          LOG.info("websocket connection from {} refused: {}", host, refused);
          WebSocketConnection.refuse(ws, refused + "; try again later");
          return;
        }
        new WebSocketConnection(ws, Vertx.currentContext(), methods, shared, ar.result()).start();
      });
    }));
  }
}

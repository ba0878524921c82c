package dev.dhii.runtime.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds the connections of one HTTP server instance: counts them against the shared totals of {@link HttpEdge}
 * (closing one past a bound at once) and closes a connection whose next request's line and headers do not
 * arrive within {@code headerTimeoutMs} of its opening or of the end of its previous response. Trickling a
 * byte now and then does not extend that deadline. A connection upgraded to a WebSocket leaves the deadline
 * (the idle timeout still holds). The deadline is checked by one periodic sweep (a quarter of the timeout, at
 * most a second), so a request costs no timer. Confined to the instance's event loop.
 */
final class ConnectionGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final Vertx vertx;
  private final HttpEdge edge;
  private final Map<HttpConnection, State> byConnection = new HashMap<>();
  private final Map<String, State> byRemote = new HashMap<>();
  private final long timeoutNanos;

  ConnectionGuard(Vertx vertx, HttpEdge edge) {
    this.vertx = vertx;
    this.edge = edge;
    long timeout = edge.options().headerTimeoutMs();
    this.timeoutNanos = timeout * 1_000_000L;
    if (timeout > 0) {
      vertx.setPeriodic(Math.max(50, Math.min(1000, timeout / 4)), id -> sweep());
    }
  }

  /** @param connection a new connection */
  void opened(HttpConnection connection) {
    SocketAddress remote = connection.remoteAddress();
    String address = remote == null ? "unknown" : String.valueOf(remote.hostAddress());
    if (!edge.tryOpen(address)) {
      LOG.debug("refusing a connection from {}: {} open (at most {} in total, {} per address)", remote,
        edge.openConnections(), edge.options().maxConnections(), edge.options().maxConnectionsPerAddress());
      connection.close();
      return;
    }
    if (connection instanceof ConnectionBase base && !edge.options().tls()) {
      base.channel().pipeline().addFirst("dhii-tls-sniffer", new TlsOnPlainPort());
    }
    String key = String.valueOf(remote);
    State state = new State(connection);
    byConnection.put(connection, state);
    byRemote.put(key, state);
    Runnable closed = () -> {
      byConnection.remove(connection, state);
      byRemote.remove(key, state);
      edge.closed(address);
    };
    if (connection instanceof ConnectionBase base) {
      // the channel's close, not the HTTP connection's: a connection upgraded to a WebSocket is no longer an
      // HTTP connection and its close handler never runs
      Context context = vertx.getOrCreateContext();
      base.channel().closeFuture().addListener(f -> context.runOnContext(v -> closed.run()));
    } else {
      connection.closeHandler(v -> closed.run());
    }
  }

  /** Route handler run first for every request: the headers have arrived, so the header deadline stops. */
  void track(RoutingContext rc) {
    State state = byConnection.get(rc.request().connection());
    if (state == null) {
      state = byRemote.get(String.valueOf(rc.request().connection().remoteAddress()));
    }
    if (state != null) {
      State tracked = state;
      tracked.active++;
      rc.addEndHandler(ar -> {
        tracked.active--;
        tracked.idleSince = System.nanoTime();
      });
    }
    rc.next();
  }

  /** @param remote the address of a connection being upgraded to a WebSocket */
  void upgrading(SocketAddress remote) {
    State state = byRemote.get(String.valueOf(remote));
    if (state != null) {
      state.upgraded = true;
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    List<State> late = null;
    for (State state : byConnection.values()) {
      if (state.active == 0 && !state.upgraded && now - state.idleSince > timeoutNanos) {
        if (late == null) {
          late = new ArrayList<>();
        }
        late.add(state);
      }
    }
    if (late != null) {
      for (State state : late) {
        state.upgraded = true; // closed once
        LOG.debug("closing {}: no complete request headers within {} ms", state.connection.remoteAddress(),
          edge.options().headerTimeoutMs());
        state.connection.close();
      }
    }
  }

  /**
   * Closes a plain connection whose first byte opens a TLS handshake record (0x16): an HTTP request line never
   * starts with it, and the client is waiting for a ServerHello that will never come. Removes itself otherwise.
   */
  private static final class TlsOnPlainPort extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buf && buf.isReadable()) {
        if (buf.getByte(buf.readerIndex()) == 0x16) {
          buf.release();
          LOG.debug("closing {}: a TLS handshake on the plain HTTP port", ctx.channel().remoteAddress());
          ctx.close();
          return;
        }
        ctx.pipeline().remove(this);
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** One connection: requests in progress, and since when it has had none. */
  private static final class State {
    private final HttpConnection connection;
    private long idleSince = System.nanoTime();
    private int active;
    private boolean upgraded;

    State(HttpConnection connection) {
      this.connection = connection;
    }
  }
}

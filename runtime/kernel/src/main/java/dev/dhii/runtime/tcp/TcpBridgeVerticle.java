package dev.dhii.runtime.tcp;

import dev.dhii.runtime.config.TcpBridgeOptions;
import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.limits.ByteBudget;
import dev.dhii.runtime.limits.ConnectionLimits;
import dev.dhii.runtime.tcp.impl.BridgeFrames;
import dev.dhii.runtime.tcp.impl.BridgePolicy;
import dev.dhii.runtime.tcp.impl.FrameGuard;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The TCP event bus bridge (DESIGN §10) for callers outside the JVM: frames of a 4-byte big-endian
 * length and a UTF-8 JSON object, the protocol of vertx-tcp-eventbus-bridge. Callers connect to this
 * verticle's port; each connection is a {@code FrameGuard}, which checks each frame and carries what
 * passes onto the event bus: what {@link BridgeAccess} permits (default-deny), with {@code BridgePolicy}'s
 * headers and timeout (untrusted headers dropped), never a publish. Connections are bounded in total and
 * per client address, the bytes of frames in progress in total ({@code maxBufferedBytes}), and each
 * connection's silence and slowness by its timeouts. With
 * {@code tls} configured the port serves TLS only, and process plugins reach the bridge on a second, plain
 * listener on 127.0.0.1 ({@link #processPort()}).
 */
public final class TcpBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TcpBridgeVerticle.class);

  private final TcpBridgeOptions options;
  private final BridgeAccess access;
  private NetServer server;
  private NetServer processServer;
  /** The Unix domain socket process plugins connect to (sandboxed ones have no network), in a private temporary
   *  directory; same access rules. */
  private NetServer pluginServer;
  private String pluginSocket;
  private String socketDirectory;
  private ConnectionLimits limits;
  private final ByteBudget sharedBudget;
  private FrameGuard.Shared shared;
  private final Set<FrameGuard> guards = new LinkedHashSet<>();
  private long sweep = -1;

  /**
   * @param options host, port, frame limit, deadlines
   * @param access the permitted addresses
   */
  public TcpBridgeVerticle(TcpBridgeOptions options, BridgeAccess access) {
    this(options, access, null);
  }

  /**
   * @param options host, port, frame limit, deadlines
   * @param access the permitted addresses
   * @param sharedBudget the runtime's budget of bytes buffered for requests in progress, which frames in progress
   *                     also count against (beside the bridge's own bound), or null
   */
  public TcpBridgeVerticle(TcpBridgeOptions options, BridgeAccess access, ByteBudget sharedBudget) {
    this.options = new TcpBridgeOptions(options);
    this.access = access;
    this.sharedBudget = sharedBudget;
  }

  @Override
  public Future<?> start() {
    limits = new ConnectionLimits(options.getMaxConnections(), options.getMaxConnectionsPerAddress());
    shared = new FrameGuard.Shared(vertx.eventBus(), options, access,
      new ByteBudget(options.getMaxBufferedBytes(), sharedBudget),
      new BridgePolicy(options.getDefaultTimeoutMs(), options.getReplyGraceMs(), options.getMaxTimeoutMs()));
    NetServerOptions serverOptions = new NetServerOptions().setHost(options.getHost()).setPort(options.getPort())
      .setTcpNoDelay(true);
    if (options.isTls()) {
      serverOptions.setSsl(true).setSslHandshakeTimeout(options.getFirstFrameTimeoutMs())
        .setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(options.getTlsCertFile()).setKeyPath(options.getTlsKeyFile()));
      processServer = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
        .connectHandler(this::connected);
    }
    server = vertx.createNetServer(serverOptions).connectHandler(this::connected);
    long tick = Math.max(50, Math.min(1_000, Math.min(options.getFirstFrameTimeoutMs(),
      Math.min(options.getFrameTimeoutMs(), options.getIdleTimeoutMs())) / 4));
    sweep = vertx.setPeriodic(tick, id -> {
      long now = System.currentTimeMillis();
      new ArrayList<>(guards).forEach(guard -> guard.check(now));
    });
    return vertx.fileSystem().createTempDirectory("dhii-tcp-bridge")
      .compose(dir -> vertx.executeBlocking(() -> {
        dev.dhii.runtime.kernel.OwnedTempDirs.mark(Path.of(dir)); // removed at a later start if this runtime is killed
        return dir;
      }))
      .compose(dir -> {
        socketDirectory = dir;
        return server.listen();
      })
      .compose(s -> processServer == null ? Future.succeededFuture(s) : processServer.listen())
      .compose(s -> listenForPlugins().map(s))
      .onSuccess(s -> LOG.info("TCP event bus bridge on {}:{}{}", options.getHost(), server.actualPort(),
        processServer == null ? "" : " (TLS; process plugins on 127.0.0.1:" + processServer.actualPort() + ")"));
  }

  private Future<Void> listenForPlugins() {
    pluginSocket = Path.of(socketDirectory, "plugins.sock").toString();
    pluginServer = vertx.createNetServer().connectHandler(this::connected);
    return pluginServer.listen(SocketAddress.domainSocketAddress(pluginSocket)).compose(s -> vertx.executeBlocking(() -> {
      // a sandboxed process runs as another user: it may connect to the socket (its directory stays private)
      java.nio.file.Files.setPosixFilePermissions(Path.of(pluginSocket),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
      return null;
    }));
  }

  private void connected(NetSocket client) {
    client.pause();
    String host = client.remoteAddress() == null ? null : client.remoteAddress().host();
    String refused = limits.tryAcquire(host);
    if (refused != null) {
      LOG.info("TCP bridge client {} refused: {}", client.remoteAddress(), refused);
      Buffer frame = BridgeFrames.typedError(ErrorCode.OVERLOADED, refused + "; try again later", null, null, null, null)
        .toBuffer();
      client.write(Buffer.buffer().appendInt(frame.length()).appendBuffer(frame));
      client.end();
      return;
    }
    FrameGuard[] joined = {null};
    joined[0] = FrameGuard.join(client, shared, () -> {
      limits.release(host);
      guards.remove(joined[0]);
    });
    guards.add(joined[0]);
  }

  @Override
  public Future<?> stop() {
    if (sweep >= 0) {
      vertx.cancelTimer(sweep);
    }
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    if (processServer != null) {
      closed = closed.eventually(() -> processServer.close());
    }
    closed = closed.eventually(() -> pluginServer == null ? Future.succeededFuture() : pluginServer.close());
    return closed.eventually(() -> socketDirectory == null ? Future.succeededFuture()
        : vertx.fileSystem().deleteRecursive(socketDirectory));
  }

  /** @return the Unix domain socket process plugins connect to, or null before the bridge has started */
  public String pluginSocket() {
    return pluginSocket;
  }

  /** @return the port the bridge listens on */
  public int actualPort() {
    return server.actualPort();
  }

  /** @return the port process plugins connect to on 127.0.0.1: the plain listener when TLS is on, else {@link #actualPort()} */
  public int processPort() {
    return processServer == null ? server.actualPort() : processServer.actualPort();
  }
}

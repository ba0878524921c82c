package dev.dhii.runtime.tcp;

import dev.dhii.runtime.tcp.impl.BridgePolicy;
import dev.dhii.runtime.tcp.impl.FrameGuard;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The TCP event bus bridge (DESIGN §10) for callers outside the JVM: frames of a 4-byte big-endian
 * length and a UTF-8 JSON object, as in vertx-tcp-eventbus-bridge, whose bridge serves them. Callers
 * connect to this verticle's port; each frame's syntax is checked ({@code FrameGuard}) before it reaches
 * the library's bridge, which listens on a Unix domain socket in a private temporary directory. What
 * passes is {@link BridgeAccess} (default-deny) and {@code BridgePolicy} (no publish, untrusted headers
 * dropped).
 */
public final class TcpBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TcpBridgeVerticle.class);

  private final TcpBridgeOptions options;
  private final BridgeAccess access;
  private TcpEventBusBridge bridge;
  private NetClient libraryClient;
  private NetServer server;
  /** The Unix domain socket process plugins connect to (sandboxed ones have no network); same access rules. */
  private NetServer pluginServer;
  private String pluginSocket;
  private SocketAddress librarySocket;
  private String socketDirectory;

  /**
   * @param options host, port, frame limit, deadlines
   * @param access the permitted addresses
   */
  public TcpBridgeVerticle(TcpBridgeOptions options, BridgeAccess access) {
    this.options = new TcpBridgeOptions(options);
    this.access = access;
  }

  @Override
  public Future<?> start() {
    bridge = TcpEventBusBridge.create(vertx, access.toBridgeOptions(), new NetServerOptions(),
      new BridgePolicy(options.getDefaultTimeoutMs(), options.getReplyGraceMs()));
    libraryClient = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000));
    server = vertx.createNetServer(new NetServerOptions().setHost(options.getHost()).setPort(options.getPort())
      .setTcpNoDelay(true)).connectHandler(this::connected);
    return vertx.fileSystem().createTempDirectory("dhii-tcp-bridge")
      .compose(dir -> vertx.executeBlocking(() -> {
        dev.dhii.runtime.kernel.OwnedTempDirs.mark(Path.of(dir)); // removed at a later start if this runtime is killed
        return dir;
      }))
      .compose(dir -> {
        socketDirectory = dir;
        librarySocket = SocketAddress.domainSocketAddress(Path.of(dir, "bridge.sock").toString());
        return bridge.listen(librarySocket);
      })
      .compose(b -> server.listen())
      .compose(s -> listenForPlugins().map(s))
      .onSuccess(s -> LOG.info("TCP event bus bridge on {}:{}", options.getHost(), s.actualPort()));
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
    libraryClient.connect(librarySocket).onComplete(ar -> {
      if (ar.succeeded()) {
        ar.result().pause();
        FrameGuard.join(client, ar.result(), options.getMaxFrameBytes());
      } else {
        LOG.warn("TCP bridge client {} refused: the bridge is not reachable: {}", client.remoteAddress(), ar.cause().toString());
        client.close();
      }
    });
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = (server == null ? Future.<Void>succeededFuture() : server.close())
      .eventually(() -> pluginServer == null ? Future.succeededFuture() : pluginServer.close());
    return closed.eventually(() -> bridge.close()).eventually(() -> libraryClient.close())
      .eventually(() -> socketDirectory == null ? Future.succeededFuture()
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
}

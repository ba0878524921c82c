package dev.dhii.runtime.http;

import dev.dhii.runtime.config.HttpEdgeOptions;
import dev.dhii.runtime.limits.ByteBudget;
import dev.dhii.runtime.limits.ConnectionLimits;


/**
 * What every instance of the HTTP server shares: its bounds, the budget of body bytes buffered for requests in
 * progress, and the count of open connections in total and per client address.
 */
public final class HttpEdge {

  private final HttpEdgeOptions options;
  private final ByteBudget budget;
  private final long maxBodyBytes;
  private final ConnectionLimits connections;

  /**
   * @param options the bounds
   * @param maxBodyBytes the largest body of one request
   * @param budget the bytes all requests in progress may buffer together (shared with other transports)
   */
  public HttpEdge(HttpEdgeOptions options, long maxBodyBytes, ByteBudget budget) {
    this.options = options;
    this.maxBodyBytes = maxBodyBytes;
    this.budget = budget;
    this.connections = new ConnectionLimits(options.maxConnections(), options.maxConnectionsPerAddress());
  }

  /** @param maxBodyBytes the largest body of one request @return an edge with the default bounds and no shared budget */
  public static HttpEdge defaults(long maxBodyBytes) {
    return new HttpEdge(HttpEdgeOptions.DEFAULTS, maxBodyBytes, new ByteBudget(dev.dhii.runtime.config.RuntimeOptions.DEFAULT_BUFFERED_BYTES));
  }

  /** @return the bounds */
  public HttpEdgeOptions options() {
    return options;
  }

  /** @return the budget of buffered body bytes */
  public ByteBudget budget() {
    return budget;
  }

  /** @return the largest body of one request */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** @return connections open now */
  public int openConnections() {
    return connections.open();
  }

  /**
   * @param address the client's address (host only)
   * @return whether a new connection from it is within the bounds (then it is counted until {@link #closed})
   */
  boolean tryOpen(String address) {
    return connections.tryAcquire(address) == null;
  }

  /** @param address the client's address of a connection counted by {@link #tryOpen} that closed */
  void closed(String address) {
    connections.release(address);
  }
}

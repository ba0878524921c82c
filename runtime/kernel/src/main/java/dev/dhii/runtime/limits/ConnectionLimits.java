package dev.dhii.runtime.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a listener's open connections, in total and by client address, against their bounds. A connection
 * admitted by {@link #tryAcquire} is released once, when it closes. Thread-safe.
 */
public final class ConnectionLimits {

  private final int maxTotal;
  private final int maxPerAddress;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();

  /**
   * @param maxTotal the most connections at once; 0 or less: no bound
   * @param maxPerAddress the most connections from one client address at once; 0 or less: no bound
   */
  public ConnectionLimits(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal > 0 ? maxTotal : Integer.MAX_VALUE;
    this.maxPerAddress = maxPerAddress > 0 ? maxPerAddress : Integer.MAX_VALUE;
  }

  /**
   * @param address the client's address (host), or null when unknown
   * @return null when the connection is admitted (release it later), else why it is refused
   */
  public String tryAcquire(String address) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return maxTotal + " connections are open, the most this listener accepts";
    }
    boolean[] admitted = {false};
    byAddress.compute(key(address), (k, n) -> {
      int count = n == null ? 0 : n;
      if (count >= maxPerAddress) {
        return n;
      }
      admitted[0] = true;
      return count + 1;
    });
    if (!admitted[0]) {
      total.decrementAndGet();
      return maxPerAddress + " connections are open from this address, the most one address may open";
    }
    return null;
  }

  /** @param address the address of a connection admitted by {@link #tryAcquire} */
  public void release(String address) {
    total.decrementAndGet();
    byAddress.computeIfPresent(key(address), (k, n) -> n <= 1 ? null : n - 1);
  }

  /** @return the connections open now */
  public int open() {
    return total.get();
  }

  private static String key(String address) {
    return address == null ? "" : address;
  }
}

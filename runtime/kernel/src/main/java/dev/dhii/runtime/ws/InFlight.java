package dev.dhii.runtime.ws;

import dev.dhii.api.CancellationToken;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requests of one connection waiting for their replies: how many (against the bound), and the
 * cancellation token of each {@code invoke}, by JSON-RPC id when it has one. Used on the connection's
 * context only.
 */
final class InFlight {

  private final int max;
  private final Set<CancellationToken> calls = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<String, CancellationToken> callsById = new HashMap<>();
  private int count;

  /** @param max the most requests in flight at once */
  InFlight(int max) {
    this.max = max;
  }

  /** @return whether another request must be refused */
  boolean full() {
    return count >= max;
  }

  /** @return whether no request waits for its reply */
  boolean idle() {
    return count == 0;
  }

  /** @return the bound */
  int max() {
    return max;
  }

  /** @param id a JSON-RPC id @return whether an invoke in flight has it */
  boolean hasCall(Object id) {
    return callsById.containsKey(RpcRequest.key(id));
  }

  /**
   * Counts a request in.
   *
   * @param request the request
   * @param cancellable whether it is a call that gets a cancellation token
   * @return the call's token, or null
   */
  CancellationToken start(RpcRequest request, boolean cancellable) {
    count++;
    if (!cancellable) {
      return null;
    }
    CancellationToken token = CancellationToken.create();
    calls.add(token);
    if (!request.notification()) {
      callsById.put(RpcRequest.key(request.id()), token);
    }
    return token;
  }

  /** @param request a request counted in by {@link #start} @param token its token, or null */
  void end(RpcRequest request, CancellationToken token) {
    count--;
    if (token != null) {
      calls.remove(token);
      if (!request.notification()) {
        callsById.remove(RpcRequest.key(request.id()), token);
      }
    }
  }

  /** @param id a JSON-RPC id @param reason why @return whether an invoke in flight had that id and was not cancelled yet */
  boolean cancel(Object id, String reason) {
    CancellationToken token = callsById.get(RpcRequest.key(id));
    return token != null && token.cancel(reason);
  }

  /** @param reason why: fires the token of every call in flight */
  void cancelAll(String reason) {
    List<CancellationToken> open = new ArrayList<>(calls);
    calls.clear();
    callsById.clear();
    open.forEach(token -> token.cancel(reason));
  }
}

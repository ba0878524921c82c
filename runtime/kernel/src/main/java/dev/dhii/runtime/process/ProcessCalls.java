package dev.dhii.runtime.process;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls a plugin's processes hold: which process has each, and which are overrunning (their deadline
 * passed, the caller was answered TIMEOUT, and the process has not replied yet: its handler ignores
 * cancellation). An overrunning call stays counted until its late reply arrives or its process exits.
 */
final class ProcessCalls {

  /** One call sent to a process. */
  static final class Call {
    final Process process;
    final Promise<JsonObject> result;
    volatile boolean overrunning;

    private Call(Process process, Promise<JsonObject> result) {
      this.process = process;
      this.result = result;
    }
  }

  private final Set<Call> calls = ConcurrentHashMap.newKeySet();

  Call add(Process process, Promise<JsonObject> result) {
    Call call = new Call(process, result);
    calls.add(call);
    return call;
  }

  void remove(Call call) {
    calls.remove(call);
  }

  /** Fails every call a process holds (it exited: they will never be answered) and forgets them. */
  void failAll(Process process, Throwable failure) {
    for (Call call : of(process)) {
      calls.remove(call);
      call.result.tryFail(failure);
    }
  }

  /** @return the calls a process holds */
  List<Call> of(Process process) {
    return calls.stream().filter(c -> c.process == process).toList();
  }

  /** @return how many calls are held */
  int size() {
    return calls.size();
  }

  /** @return how many calls are overrunning, in every process of the plugin */
  int overrunning() {
    return (int) calls.stream().filter(c -> c.overrunning).count();
  }

  /** @return how many calls a process holds that are overrunning */
  int overrunning(Process process) {
    return (int) calls.stream().filter(c -> c.process == process && c.overrunning).count();
  }

  /** @return whether a process still has a call that is within its deadline */
  boolean busy(Process process) {
    return calls.stream().anyMatch(c -> c.process == process && !c.overrunning);
  }
}

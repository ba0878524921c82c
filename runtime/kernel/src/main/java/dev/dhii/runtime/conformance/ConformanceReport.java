package dev.dhii.runtime.conformance;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.util.List;

/**
 * The outcome of a conformance run: per capability, each case's result and the notes on what was not
 * generated; or why the plugin could not be tested at all.
 *
 * @param pluginId the plugin tested
 * @param version its version (null if it did not start)
 * @param options what was run
 * @param capabilities the capabilities' results, by id
 * @param startFailure why nothing was called (the runtime or the plugin did not start), else null
 */
public record ConformanceReport(String pluginId, String version, ConformanceOptions options,
                                List<CapabilityReport> capabilities, String startFailure) {

  /**
   * One capability's results.
   *
   * @param id the capability id
   * @param results each case's result, valid cases first
   * @param notes cases not generated or left out, and why
   */
  public record CapabilityReport(String id, List<CaseResult> results, List<String> notes) {
  }

  static ConformanceReport notStarted(String pluginId, ConformanceOptions options, String why) {
    return new ConformanceReport(pluginId, null, options, List.of(), why);
  }

  /** @return how many cases passed */
  public long passed() {
    return capabilities.stream().flatMap(c -> c.results().stream()).filter(CaseResult::passed).count();
  }

  /** @return how many cases failed */
  public long failed() {
    return capabilities.stream().flatMap(c -> c.results().stream()).filter(r -> !r.passed()).count();
  }

  /** @return whether the plugin started and every case passed */
  public boolean ok() {
    return startFailure == null && failed() == 0;
  }

  /** @return the summary line */
  public String summary() {
    if (startFailure != null) {
      return "FAILED " + pluginId + ": " + startFailure;
    }
    return (ok() ? "OK " : "FAILED ") + pluginId + " " + version + ": " + passed() + " passed, " + failed() + " failed ("
      + capabilities.size() + (capabilities.size() == 1 ? " capability" : " capabilities") + ", at most " + options.cases() + " valid and " + options.cases()
      + " invalid inputs each, seed " + options.seed() + ", deadline " + options.timeoutMs() + " ms)";
  }

  /** @param result a case's result @return its report line, and for a failure the input, the answer and the reason */
  public static String line(CaseResult result) {
    String head = (result.passed() ? "PASS " : "FAIL ") + result.capabilityId() + "  " + result.testCase().name()
      + "  -> " + result.outcome();
    if (result.passed()) {
      return head;
    }
    return head + System.lineSeparator() + "     input:  " + Json.encode(result.testCase().input())
      + System.lineSeparator() + "     answer: " + result.answer().encode()
      + System.lineSeparator() + "     reason: " + result.reason();
  }

  /** Prints the notes of each capability and the summary line (the case lines are printed as they come). */
  public void printTail(PrintWriter out) {
    for (CapabilityReport capability : capabilities) {
      capability.notes().forEach(note -> out.println("note " + capability.id() + "  " + note));
    }
    out.println(summary());
    out.flush();
  }

  /** @return the report file's JSON */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("plugin", pluginId).put("version", version).put("ok", ok())
      .put("passed", passed()).put("failed", failed()).put("seed", options.seed()).put("cases", options.cases())
      .put("timeoutMs", options.timeoutMs());
    if (startFailure != null) {
      json.put("startFailure", startFailure);
    }
    JsonArray list = new JsonArray();
    for (CapabilityReport capability : capabilities) {
      JsonArray results = new JsonArray();
      capability.results().forEach(r -> results.add(r.toJson()));
      list.add(new JsonObject().put("id", capability.id()).put("results", results)
        .put("notes", new JsonArray(List.copyOf(capability.notes()))));
    }
    return json.put("capabilities", list).put("summary", summary());
  }
}

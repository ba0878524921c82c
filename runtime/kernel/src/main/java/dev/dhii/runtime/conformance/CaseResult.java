package dev.dhii.runtime.conformance;

import io.vertx.core.json.JsonObject;

/**
 * What one case gave.
 *
 * @param capabilityId the capability called
 * @param testCase the case
 * @param passed whether the answer is what the case expects
 * @param outcome in a word: {@code result}, an error code, or {@code hang}
 * @param answer what came back: {@code {"result": ...}}, the error body {@code {"error": {...}}}, or
 *               {@code {"hang": "no answer within N ms"}}
 * @param reason why a failed case failed (null for a pass)
 */
public record CaseResult(String capabilityId, TestCase testCase, boolean passed, String outcome, JsonObject answer,
                         String reason) {

  /** @return the JSON form used in the report file */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("verdict", passed ? "PASS" : "FAIL").put("capability", capabilityId)
      .put("case", testCase.name()).put("valid", testCase.valid()).put("input", testCase.input())
      .put("outcome", outcome).put("answer", answer);
    if (reason != null) {
      json.put("reason", reason);
    }
    return json;
  }
}

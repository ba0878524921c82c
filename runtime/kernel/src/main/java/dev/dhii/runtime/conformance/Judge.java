package dev.dhii.runtime.conformance;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginValidationException.Violation;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CapabilityBinding;
import dev.dhii.runtime.dispatch.LenientOutput;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The verdict on one answer. A valid input must give an output valid for the output schema (checked by the
 * runtime's own validator) or a typed error other than INTERNAL; an invalid input must give VALIDATION.
 * Never INTERNAL, never TIMEOUT or no answer (a hang). INTERNAL because the runtime refused the plugin's output
 * is named an output-schema failure.
 */
final class Judge {

  /** How the runtime words the INTERNAL error of an output that breaks its schema (dispatch.OutputSchema). */
  static final String OUTPUT_REFUSED = "does not match its output schema";

  private Judge() {
  }

  static CaseResult result(String capabilityId, TestCase c, CapabilityBinding binding, JsonObject output) {
    JsonObject answer = new JsonObject().put("result", output);
    if (!c.valid()) {
      return new CaseResult(capabilityId, c, false, "result", answer,
        "expected VALIDATION for an input that breaks the input schema, the call succeeded");
    }
    List<Violation> violations = binding.output().validate(binding.lenient() ? LenientOutput.withoutNulls(output) : output);
    if (!violations.isEmpty()) {
      return new CaseResult(capabilityId, c, false, "result", answer, "output-schema: the output breaks the output schema at "
        + Schemas.shown(violations.get(0).pointer()) + ": " + violations.get(0).message());
    }
    return new CaseResult(capabilityId, c, true, "result", answer, null);
  }

  static CaseResult failure(String capabilityId, TestCase c, CallFailure failure, long timeoutMs) {
    ErrorCode code = failure.error().code();
    JsonObject answer = failure.toBody();
    String message = failure.error().message();
    if (code == ErrorCode.TIMEOUT) {
      return new CaseResult(capabilityId, c, false, "hang", answer, "hang: no answer within the " + timeoutMs + " ms deadline");
    }
    if (code == ErrorCode.INTERNAL && message != null && message.contains(OUTPUT_REFUSED)) {
      return new CaseResult(capabilityId, c, false, code.name(), answer,
        "output-schema: the runtime refused the plugin's output (INTERNAL): " + message);
    }
    if (code == ErrorCode.INTERNAL) {
      return new CaseResult(capabilityId, c, false, code.name(), answer, "INTERNAL: " + message);
    }
    if (!c.valid() && code != ErrorCode.VALIDATION) {
      return new CaseResult(capabilityId, c, false, code.name(), answer,
        "expected VALIDATION for an input that breaks the input schema, got " + code.name());
    }
    return new CaseResult(capabilityId, c, true, code.name(), answer, null);
  }

  static CaseResult hang(String capabilityId, TestCase c, long waitedMs) {
    return new CaseResult(capabilityId, c, false, "hang", new JsonObject().put("hang", "no answer within " + waitedMs + " ms"),
      "hang: no answer within " + waitedMs + " ms (the runtime's deadline did not answer either)");
  }

  static CaseResult broken(String capabilityId, TestCase c, Throwable failure) {
    return new CaseResult(capabilityId, c, false, "broken", new JsonObject().put("failure", String.valueOf(failure.getMessage())),
      "the call failed without a typed error: " + failure.getMessage());
  }
}

package dev.dhii.runtime.conformance;

/**
 * One generated call of a capability.
 *
 * @param name what the case covers, e.g. {@code valid: minLength boundary of /text} or
 *             {@code invalid: missing required /title}
 * @param valid whether the input satisfies the input schema (a result or a typed error expected) or breaks
 *              exactly one of its constraints (VALIDATION expected)
 * @param input the input (a JSON object, or for the root's wrong type, another JSON value)
 * @param pointer for an invalid case, where the broken constraint's violation is reported (the object's
 *                pointer for a missing property); empty for the root and for valid cases
 * @param keyword for an invalid case, the broken keyword ({@code required}, {@code type}, {@code minLength}...)
 */
public record TestCase(String name, boolean valid, Object input, String pointer, String keyword) {
}

package dev.dhii.runtime.manifest;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the validator's basic output into one violation per actual mistake. The output also holds an
 * entry for every applicator on the way down ({@code properties}, {@code allOf}, {@code if}, ...), and
 * {@code additionalProperties: false} also reports declared properties whose value failed: only the
 * leaves are kept, and a wrong type hides the other failures at the same place.
 */
final class SchemaViolations {

  /** A failed assertion: where in the manifest, and why. */
  record Violation(String pointer, String reason) {
  }

  private static final Set<String> APPLICATORS = Set.of("properties", "patternProperties", "items", "prefixItems",
      "contains", "allOf", "anyOf", "oneOf", "if", "then", "else", "dependentSchemas", "propertyNames");

  private final JsonObject schema;

  SchemaViolations(JsonObject schema) {
    this.schema = schema;
  }

  List<Violation> of(OutputUnit output) {
    List<OutputUnit> errors = output.getErrors() == null ? List.of() : output.getErrors();
    if (Boolean.TRUE.equals(output.getValid())) return List.of();
    if (errors.isEmpty()) {
      return List.of(new Violation(pointerOf(output.getInstanceLocation()), output.getError()));
    }
    Set<String> typeFailures = new HashSet<>();
    List<OutputUnit> leaves = new ArrayList<>();
    for (OutputUnit error : errors) {
      String pointer = pointerOf(error.getInstanceLocation());
      String keyword = keywordOf(error);
      if (!isLeaf(error, errors)) continue;
      if (keyword.equals("additionalProperties")
          && declared(segments(error.getKeywordLocation())).contains(lastSegment(pointer))) {
        continue;
      }
      if (keyword.equals("type")) typeFailures.add(pointer);
      leaves.add(error);
    }
    List<Violation> violations = new ArrayList<>();
    for (OutputUnit error : leaves) {
      String pointer = pointerOf(error.getInstanceLocation());
      if (typeFailures.contains(pointer) && !keywordOf(error).equals("type")) continue;
      violations.add(new Violation(pointer, reason(error, segments(error.getKeywordLocation()), pointer)));
    }
    return violations;
  }

  private static boolean isLeaf(OutputUnit error, List<OutputUnit> all) {
    String location = error.getKeywordLocation();
    if (location == null) return true;
    List<String> path = segments(location);
    if (!path.isEmpty() && APPLICATORS.contains(path.get(path.size() - 1))) return false;
    String below = location + "/";
    return all.stream().noneMatch(other -> other.getKeywordLocation() != null
        && other.getKeywordLocation().startsWith(below));
  }

  private static String keywordOf(OutputUnit error) {
    List<String> path = segments(error.getKeywordLocation());
    return path.isEmpty() ? "" : path.get(path.size() - 1);
  }

  private String reason(OutputUnit error, List<String> keywordPath, String pointer) {
    String keyword = keywordOf(error);
    int propertyNames = keywordPath.indexOf("propertyNames");
    if (keyword.equals("pattern")) {
      String subject = propertyNames >= 0 ? "name \"" + lastSegment(pointer) + "\"" : "value";
      return subject + " does not match pattern " + schemaAt(keywordPath);
    }
    if (keyword.equals("additionalProperties")) {
      return "unknown property \"" + lastSegment(pointer) + "\"" + Suggestions.didYouMean(lastSegment(pointer),
          declared(keywordPath));
    }
    int then = keywordPath.lastIndexOf("then");
    if (keyword.equals("required") && then > 0) {
      return error.getError() + " (required when " + condition(keywordPath.subList(0, then)) + ")";
    }
    return error.getError();
  }

  /** Describes an {@code if} made of {@code const} properties: {@code runtime is "jvm"}. */
  private String condition(List<String> parent) {
    List<String> path = new ArrayList<>(parent);
    path.addAll(List.of("if", "properties"));
    Object properties = schemaAt(path);
    if (!(properties instanceof JsonObject props)) return "the condition holds";
    List<String> parts = new ArrayList<>();
    props.forEach(e -> {
      if (e.getValue() instanceof JsonObject p && p.containsKey("const")) {
        parts.add(e.getKey() + " is " + Json.encode(p.getValue("const")));
      }
    });
    return parts.isEmpty() ? "the condition holds" : String.join(" and ", parts);
  }

  private Set<String> declared(List<String> keywordPath) {
    List<String> path = new ArrayList<>(keywordPath.subList(0, keywordPath.size() - 1));
    path.add("properties");
    return schemaAt(path) instanceof JsonObject properties ? properties.fieldNames() : Set.of();
  }

  private Object schemaAt(List<String> path) {
    Object node = schema;
    for (String segment : path) {
      if (node instanceof JsonObject o) {
        node = o.getValue(segment);
      } else if (node instanceof JsonArray a && segment.matches("[0-9]+") && Integer.parseInt(segment) < a.size()) {
        node = a.getValue(Integer.parseInt(segment));
      } else {
        return null;
      }
    }
    return node;
  }

  /** {@code #/a~1b%20c} (a URI fragment) to the JSON pointer {@code /a~1b c}. */
  static String pointerOf(String location) {
    if (location == null || location.equals("#")) return "";
    String fragment = location.startsWith("#") ? location.substring(1) : location;
    return URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static List<String> segments(String location) {
    String pointer = pointerOf(location);
    if (pointer.isEmpty()) return List.of();
    return Arrays.stream(pointer.substring(1).split("/", -1)).map(SchemaViolations::unescape).toList();
  }

  private static String lastSegment(String pointer) {
    return unescape(pointer.substring(pointer.lastIndexOf('/') + 1));
  }

  static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }

  static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }
}

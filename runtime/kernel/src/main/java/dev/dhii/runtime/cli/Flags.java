package dev.dhii.runtime.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed {@code --name value} / {@code --name=value} / {@code --switch} flags.
 *
 * @param values flag name (without dashes) to value ("true" for switches)
 * @param positional the arguments that are not flags
 */
record Flags(Map<String, String> values, List<String> positional) {

  /**
   * @param args the arguments
   * @param known flag names; a name ending in {@code ?} is a switch without a value, a name ending in
   *              {@code *} may repeat (its values are joined with commas, see {@link #list})
   * @return the flags
   * @throws UsageException for an unknown flag or a missing value
   */
  static Flags parse(String[] args, Set<String> known) {
    Map<String, String> values = new HashMap<>();
    List<String> positional = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      boolean repeats = known.contains(name + "*");
      if (known.contains(name + "?")) {
        values.put(name, value == null ? "true" : value);
      } else if (known.contains(name) || repeats) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args[++i];
        }
        values.merge(name, value, repeats ? (a, b) -> a + "," + b : (a, b) -> b);
      } else {
        throw new UsageException("Unknown flag --" + name);
      }
    }
    return new Flags(values, positional);
  }

  String get(String name) {
    return values.get(name);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** @param name a repeatable flag @return its values, repeated or comma-separated, without blanks */
  List<String> list(String name) {
    String value = values.get(name);
    return value == null ? List.of() : java.util.Arrays.stream(value.split(",")).map(String::trim)
      .filter(v -> !v.isEmpty()).toList();
  }
}

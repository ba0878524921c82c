package dev.dhii.runtime.manifest;

import java.util.Collection;

/** "Did you mean" hints for misspelt property names. */
final class Suggestions {

  private Suggestions() {
  }

  /** {@code " (did you mean \"timeoutMs\"?)"} for the closest known name, or {@code ""} if none is close. */
  static String didYouMean(String name, Collection<String> known) {
    String best = null;
    int bestDistance = (name.length() <= 4 ? 1 : 2) + 1;
    for (String candidate : known.stream().sorted().toList()) {
      int d = distance(name.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best == null ? "" : " (did you mean \"" + best + "\"?)";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

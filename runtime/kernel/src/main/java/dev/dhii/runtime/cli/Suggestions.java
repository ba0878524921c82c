package dev.dhii.runtime.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean": the known names close to a misspelt one (edit distance, or one a prefix of the other). */
final class Suggestions {

  private Suggestions() {
  }

  /** @return up to three of {@code known} close to {@code word}, closest first; none when nothing is close */
  static List<String> closest(String word, Collection<String> known) {
    String w = strip(word);
    int limit = Math.max(1, Math.min(3, w.length() / 3));
    return known.stream().distinct()
      .filter(k -> distance(w, strip(k)) <= limit || (w.length() >= 3 && strip(k).startsWith(w)))
      .sorted(Comparator.comparingInt((String k) -> distance(w, strip(k))).thenComparing(k -> k))
      .limit(3).toList();
  }

  private static String strip(String name) {
    return name.replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** Levenshtein distance, a transposition counting as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

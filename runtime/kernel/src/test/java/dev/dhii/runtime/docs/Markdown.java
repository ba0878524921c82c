package dev.dhii.runtime.docs;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What DocsLinksTest reads of a Markdown page: its links (outside code), its heading anchors (GitHub's rule). */
final class Markdown {

  record Link(int line, String target) {
  }

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

  private Markdown() {
  }

  static List<Link> links(String text) {
    List<Link> links = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    boolean fence = false;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("```")) {
        fence = !fence;
        continue;
      }
      if (fence) {
        continue;
      }
      Matcher m = LINK.matcher(CODE_SPAN.matcher(lines[i]).replaceAll(""));
      while (m.find()) {
        links.add(new Link(i + 1, m.group(1)));
      }
    }
    return links;
  }

  /** The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
  static Set<String> anchors(String text) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fence = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("```")) {
        fence = !fence;
      } else if (!fence && line.matches("^#{1,6} .*")) {
        String slug = line.replaceFirst("^#+ ", "").trim().toLowerCase(Locale.ROOT)
          .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
        int n = seen.merge(slug, 1, Integer::sum);
        anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
      }
    }
    return anchors;
  }

  /** The dotted keys of a configuration's leaves (an empty object and Hazelcast's free-form properties are leaves). */
  static void leaves(String prefix, JsonObject json, Set<String> into) {
    for (String key : json.fieldNames()) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      Object value = json.getValue(key);
      if (value instanceof JsonObject object && !object.isEmpty() && !path.equals("cluster.properties")) {
        leaves(path, object, into);
      } else {
        into.add(path);
      }
    }
  }
}

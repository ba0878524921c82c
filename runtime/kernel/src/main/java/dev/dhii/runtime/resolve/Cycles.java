package dev.dhii.runtime.resolve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Finds the plugins that are on an import cycle (Tarjan's strongly connected components). */
final class Cycles {

  private final Map<String, List<String>> edges;
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Integer> lowLink = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final Set<String> onStack = new HashSet<>();
  private final List<Set<String>> components = new ArrayList<>();

  private Cycles(Map<String, List<String>> edges) {
    this.edges = edges;
  }

  /**
   * Every plugin on a cycle, with the shortest cycle through it written from it: {@code a -> b -> a}.
   *
   * @param edges plugin id -> the ids it imports, sorted; every target is a key too
   */
  static Map<String, String> find(Map<String, List<String>> edges) {
    Cycles cycles = new Cycles(edges);
    new TreeMap<>(edges).keySet().forEach(id -> {
      if (!cycles.index.containsKey(id)) cycles.connect(id);
    });
    Map<String, String> result = new TreeMap<>();
    for (Set<String> component : cycles.components) {
      for (String id : component) {
        boolean cyclic = component.size() > 1 || edges.get(id).contains(id);
        if (cyclic) result.put(id, String.join(" -> ", cycles.shortestCycle(id, component)));
      }
    }
    return result;
  }

  private void connect(String id) {
    index.put(id, index.size());
    lowLink.put(id, index.get(id));
    stack.push(id);
    onStack.add(id);
    for (String target : edges.get(id)) {
      if (!index.containsKey(target)) {
        connect(target);
        lowLink.put(id, Math.min(lowLink.get(id), lowLink.get(target)));
      } else if (onStack.contains(target)) {
        lowLink.put(id, Math.min(lowLink.get(id), index.get(target)));
      }
    }
    if (lowLink.get(id).equals(index.get(id))) {
      Set<String> component = new HashSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(id));
      components.add(component);
    }
  }

  /** Breadth-first from {@code start} back to itself inside its component; neighbours in id order. */
  private List<String> shortestCycle(String start, Set<String> component) {
    Map<String, String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String current = queue.poll();
      for (String next : edges.get(current)) {
        if (!component.contains(next)) continue;
        if (next.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String step = current; !step.equals(start); step = parent.get(step)) path.add(step);
          path.add(start);
          Collections.reverse(path);
          return path;
        }
        if (!parent.containsKey(next)) {
          parent.put(next, current);
          queue.add(next);
        }
      }
    }
    return List.of(start, start);
  }
}

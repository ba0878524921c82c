package dev.dhii.runtime.conformance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The places of a built input where constraints apply: each schema node paired with its pointer and the
 * value the input has there. Array items are visited at their first index only (and each prefixItems
 * index): they share their schema.
 */
final class Sites {

  /**
   * @param schema the node, {@code $ref} and {@code allOf} resolved, its oneOf/anyOf still there
   * @param effective the node as the value was built (oneOf/anyOf replaced by the branch taken)
   * @param path its JSON pointer
   * @param value the input's value there
   * @param branched whether a oneOf/anyOf applies here or above (a value there breaking one constraint of its
   *                 branch breaks the oneOf/anyOf too)
   */
  record Site(JsonObject schema, JsonObject effective, String path, Object value, boolean branched) {
  }

  private Sites() {
  }

  /** @return every site of {@code value} built for {@code root}, parents before children */
  static List<Site> of(Schemas schemas, JsonObject root, Object value) {
    List<Site> sites = new ArrayList<>();
    walk(schemas, root, "", value, sites, 0, false);
    return sites;
  }

  private static void walk(Schemas schemas, Object node, String path, Object value, List<Site> sites, int depth,
                           boolean above) {
    if (depth > Schemas.MAX_DEPTH * 2) {
      return;
    }
    JsonObject s = schemas.resolve(node);
    JsonObject effective = s;
    String combinator = Schemas.combinator(s);
    if (combinator != null) {
      effective = schemas.branch(s, combinator, 0);
    }
    boolean branched = above || combinator != null;
    sites.add(new Site(s, effective, path, value, branched));
    if (value instanceof JsonObject object) {
      JsonObject properties = effective.getJsonObject("properties", new JsonObject());
      for (String name : object.fieldNames()) {
        Object child = properties.containsKey(name) ? properties.getValue(name) : effective.getValue("additionalProperties");
        if (child instanceof JsonObject) {
          walk(schemas, child, Schemas.child(path, name), object.getValue(name), sites, depth + 1, branched);
        }
      }
    } else if (value instanceof JsonArray array) {
      JsonArray prefix = effective.getJsonArray("prefixItems", new JsonArray());
      for (int i = 0; i < array.size() && i <= prefix.size(); i++) {
        Object items = i < prefix.size() ? prefix.getValue(i) : effective.getValue("items");
        if (items instanceof JsonObject) {
          walk(schemas, items, Schemas.child(path, i), array.getValue(i), sites, depth + 1, branched);
        }
      }
    }
  }
}

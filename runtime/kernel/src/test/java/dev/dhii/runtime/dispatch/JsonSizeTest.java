package dev.dhii.runtime.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonSizeTest {

  private static void assertExact(JsonObject json) {
    assertEquals(json.encode().getBytes(StandardCharsets.UTF_8).length, JsonSize.of(json, Long.MAX_VALUE), json.encode());
  }

  @Test
  void theSizeIsTheCompactUtf8EncodingsLength() {
    assertExact(new JsonObject());
    assertExact(new JsonObject().put("text", "hi").put("n", 42).put("ok", true).put("none", (Object) null).put("pi", 3.5));
    assertExact(new JsonObject().put("nested", new JsonObject().put("a", new JsonArray().add(1).add("x").add(new JsonObject())))
      .put("empty", new JsonArray()));
    assertExact(new JsonObject().put("escapes", "quote\" back\\ nl\n tab\t ctl\u0001"));
    assertExact(new JsonObject().put("unicode", "é ü 中文 😀"));
  }

  @Test
  void countingStopsOnceTheLimitIsPassed() {
    JsonArray big = new JsonArray();
    for (int i = 0; i < 10_000; i++) {
      big.add("0123456789");
    }
    long size = JsonSize.of(new JsonObject().put("big", big), 100);
    assertTrue(size > 100 && size < 200, "stopped early: " + size);
  }
}

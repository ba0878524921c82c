package dev.dhii.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dhii.api.schema.Schema;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.VertxModule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct record mapping against Jackson configured as a capability's mapper: wherever the codec
 * answers, it must answer what Jackson does; where Jackson coerces or fails, the codec must step aside.
 */
class FlatRecordCodecTest {

  private static final ObjectMapper JACKSON = new ObjectMapper().registerModule(new VertxModule())
    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
    .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  public record Echo(@Schema(maxLength = 10) String text, @Schema(required = false) Integer n) {
  }

  public record Everything(String s, int i, Integer bi, long l, Long bl, double d, Double bd, boolean b, Boolean bb) {
  }

  public record Checked(String name) {
    public Checked {
      if (name != null && name.isEmpty()) {
        throw new IllegalArgumentException("empty name");
      }
    }
  }

  public record Renamed(@JsonProperty("full_name") String fullName) {
  }

  public record WithGetter(String a) {
    public String getUpper() {
      return a == null ? null : a.toUpperCase();
    }
  }

  public record Nested(Echo echo) {
  }

  record Hidden(String a) {
  }

  @Test
  void onlyPublicFlatRecordsWithoutJacksonAnnotationsOrExtraGetters() {
    assertNotNull(FlatRecordCodec.of(Echo.class));
    assertNotNull(FlatRecordCodec.of(Everything.class));
    assertNotNull(FlatRecordCodec.of(Checked.class));
    assertNull(FlatRecordCodec.of(Renamed.class), "a Jackson annotation changes the mapping");
    assertNull(FlatRecordCodec.of(WithGetter.class), "Jackson writes getUpper() too");
    assertNull(FlatRecordCodec.of(Nested.class), "nested records are Jackson's");
    assertNull(FlatRecordCodec.of(Hidden.class), "not public");
    assertNull(FlatRecordCodec.of(JsonObject.class));
    assertNull(FlatRecordCodec.of(String.class));
  }

  @Test
  void decodesAsJacksonDoesOrStepsAside() {
    List<Map<String, Object>> inputs = new ArrayList<>();
    inputs.add(Map.of("text", "hi"));
    inputs.add(Map.of("text", "hi", "n", 42));
    inputs.add(Map.of("text", "hi", "n", 42, "extra", List.of(1, 2)));
    inputs.add(Map.of("n", 3));
    inputs.add(Map.of());
    inputs.add(Map.of("text", 12, "n", "7")); // Jackson coerces: the codec must not answer
    inputs.add(Map.of("text", "hi", "n", 4_000_000_000L)); // out of int range: Jackson fails
    inputs.add(Map.of("text", "hi", "n", 1.5));
    inputs.add(Map.of("text", true));
    int answered = 0;
    FlatRecordCodec codec = FlatRecordCodec.of(Echo.class);
    for (Map<String, Object> input : inputs) {
      Object fast = codec.decode(input);
      Object jackson = jackson(input, Echo.class);
      if (fast != null) {
        answered++;
        assertEquals(jackson, fast, "input " + input);
      }
    }
    assertEquals(5, answered, "exact types are mapped directly");
  }

  @Test
  void decodesEveryKindAsJacksonDoes() {
    FlatRecordCodec codec = FlatRecordCodec.of(Everything.class);
    Map<String, Object> full = new JsonObject().put("s", "x").put("i", 1).put("bi", 2).put("l", 3).put("bl", 4L)
      .put("d", 5.5).put("bd", 6.25).put("b", true).put("bb", false).getMap();
    assertEquals(jackson(full, Everything.class), codec.decode(full));
    Map<String, Object> boxedMissing = new JsonObject().put("i", 1).put("l", 3L).put("d", 0.5).put("b", false).getMap();
    assertEquals(jackson(boxedMissing, Everything.class), codec.decode(boxedMissing));
    // a missing primitive (Jackson: 0) and an int for a double (Jackson: widened) are Jackson's to map
    assertNull(codec.decode(new JsonObject().put("l", 3L).put("d", 0.5).put("b", false).getMap()));
    assertNull(codec.decode(new JsonObject().put("i", 1).put("l", 3L).put("d", 1).put("b", false).getMap()));
  }

  @Test
  void aThrowingConstructorIsLeftToJackson() {
    FlatRecordCodec codec = FlatRecordCodec.of(Checked.class);
    assertEquals(new Checked("a"), codec.decode(Map.of("name", "a")));
    assertNull(codec.decode(Map.of("name", "")));
  }

  @Test
  void encodesAsJacksonDoes() {
    FlatRecordCodec echo = FlatRecordCodec.of(Echo.class);
    for (Echo value : List.of(new Echo("hi", 42), new Echo("hi", null), new Echo(null, null))) {
      assertEquals(JACKSON.convertValue(value, Map.class), echo.encode(value));
    }
    Everything all = new Everything("s", 1, null, 3_000_000_000L, 4L, 0.5, null, true, null);
    assertEquals(JACKSON.convertValue(all, Map.class), FlatRecordCodec.of(Everything.class).encode(all));
  }

  @Test
  void capabilitiesMapFlatRecordsTheSameWayEndToEnd() {
    Capability<Echo, Echo> capability = Capability.builder("t.echo", Echo.class, Echo.class)
      .handler((in, ctx) -> Future.succeededFuture(in)).build();
    ExecutionContext ctx = ExecutionContext.create("r1");
    JsonObject out = capability.invoke(new JsonObject().put("text", "hi").put("n", 2).put("x", 1), ctx).result();
    assertEquals(new JsonObject().put("text", "hi").put("n", 2), out);
    // a coercion goes through Jackson, as before
    assertEquals(new JsonObject().put("text", "12"), capability.invoke(new JsonObject().put("text", 12), ctx).result());
    Future<JsonObject> bad = capability.invoke(new JsonObject().put("text", "a").put("n", 4_000_000_000L), ctx);
    assertTrue(bad.failed() && bad.cause() instanceof PluginValidationException, String.valueOf(bad.cause()));
  }

  private static Object jackson(Map<String, Object> input, Class<?> type) {
    try {
      return JACKSON.convertValue(input, type);
    } catch (IllegalArgumentException e) {
      return e;
    }
  }
}

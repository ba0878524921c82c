package dev.dhii.runtime.json;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict parser: what it accepts is what Vert.x reads the same way; everything else is refused plainly. */
class StrictJsonTest {

  private static Object parse(String text) {
    return StrictJson.parse(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static StrictJson.InvalidJsonException refused(byte[] bytes) {
    return assertThrows(StrictJson.InvalidJsonException.class, () -> StrictJson.parse(Buffer.buffer(bytes)));
  }

  private static StrictJson.InvalidJsonException refused(String text) {
    return refused(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsValuesAsVertxDoes() {
    JsonObject o = (JsonObject) parse("{\"a\":1,\"b\":[true,null,2.5,\"x\"],\"c\":{\"d\":9999999999},\"e\":123456789012345678901234567890}");
    assertEquals(new JsonObject("{\"a\":1,\"b\":[true,null,2.5,\"x\"],\"c\":{\"d\":9999999999},\"e\":123456789012345678901234567890}"), o);
    assertEquals(Integer.class, o.getValue("a").getClass());
    assertEquals(Long.class, o.getJsonObject("c").getValue("d").getClass());
    assertEquals(BigInteger.class, o.getValue("e").getClass());
    assertEquals(new JsonArray().add(1), parse(" [1] \n"));
    assertNull(parse("null"));
    assertEquals("\uD83D\uDE00 é", parse("\"\\uD83D\\uDE00 \u00e9\""));
    assertEquals("\uD83D\uDE00", parse("\"\uD83D\uDE00\""));
  }

  @Test
  void overlongUtf8IsRefusedNotDecoded() {
    byte[] slash = {'{', '"', 'p', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
    StrictJson.InvalidJsonException e = refused(slash);
    assertTrue(e.getMessage().contains("overlong"), e.getMessage());
    assertEquals(6, e.offset());
    assertTrue(refused(new byte[] {'"', (byte) 0xE0, (byte) 0x80, (byte) 0xAF, '"'}).getMessage().contains("overlong"));
    assertTrue(refused(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}).getMessage().contains("surrogate"));
    assertTrue(refused(new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}).getMessage().contains("U+10FFFF"));
    assertTrue(refused(new byte[] {'"', (byte) 0xE2, (byte) 0x82, '"'}).getMessage().contains("truncated"));
    assertTrue(refused(new byte[] {'"', (byte) 0xFF, '"'}).getMessage().contains("invalid byte"));
    assertTrue(refused(new byte[] {'"', (byte) 0xE2, (byte) 0x82}).getMessage().contains("truncated"));
    assertTrue(refused(new byte[] {'{', 0, '}'}).getMessage().contains("NUL"));
  }

  @Test
  void duplicateKeysAreRefusedWithTheirPointer() {
    StrictJson.InvalidJsonException e = refused("{\"capability_id\":\"a\",\"parameters\":{},\"capability_id\":\"b\"}");
    assertEquals("/capability_id", e.pointer());
    assertTrue(e.getMessage().contains("Duplicate key \"capability_id\""), e.getMessage());
    assertEquals("/a/0/b", refused("{\"a\":[{\"b\":1,\"b\":2}]}").pointer());
    assertEquals("/x~1y", refused("{\"x/y\":1,\"x/y\":2}").pointer());
  }

  @Test
  void loneSurrogatesAreRefused() {
    assertEquals("/k", refused("{\"k\":\"\\uD800\"}").pointer());
    assertEquals("/k", refused("{\"k\":\"a\\uDC00b\"}").pointer());
    refused("{\"\\uD800\":1}");
    refused("\"\\uD800\\u0041\"");
    assertThrows(StrictJson.InvalidJsonException.class, () -> StrictJson.parse("{\"k\":\"\uD800\"}"));
    assertThrows(StrictJson.InvalidJsonException.class, () -> StrictJson.parse("{\"k\":\"\\uDFFF\"}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1}/*c*/", "{/*c*/\"a\":1}", "{\"a\":1}//c", "# c\n{}", "{\"a\":NaN}", "{\"a\":Infinity}",
    "{\"a\":-Infinity}", "{'a':1}", "{a:1}", "{\"a\":01}", "{\"a\":1,}", "[1,]", "{\"a\":1}x", "{\"a\":1}{}", "[1] 2",
    "", "   ", "{", "[", "{\"a\"", "{\"a\":}", "\"\t\"", "{\"a\":\"\\x\"}", "{\"a\":1e99999}", "tru", "{\"a\" 1}", "]",
    "{\"a\":+1}", "{\"a\":.5}", "{\"a\":1.}", "\"\\u12\""})
  void nonStandardJsonIsRefused(String text) {
    StrictJson.InvalidJsonException e = refused(text);
    assertFalse(e.getMessage().contains("jackson") || e.getMessage().contains("Feature") || e.getMessage().contains("Source"),
      e.getMessage());
  }

  @Test
  void plainMessages() {
    assertTrue(refused("{\"a\":1}/*c*/").getMessage().startsWith("Comments"), refused("{\"a\":1}/*c*/").getMessage());
    assertTrue(refused("{\"a\":NaN}").getMessage().contains("NaN"), refused("{\"a\":NaN}").getMessage());
    assertTrue(refused("{\"a\":1}x").getMessage().contains("after"), refused("{\"a\":1}x").getMessage());
    assertEquals("/a/1", refused("{\"a\":[1,}").pointer());
  }

  @Test
  void nestingIsBounded() {
    refused("[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1));
    parse("[".repeat(100) + "]".repeat(100));
  }

  @Test
  void parseObjectRefusesOtherValues() {
    assertTrue(assertThrows(StrictJson.InvalidJsonException.class, () -> StrictJson.parseObject(Buffer.buffer("[1]")))
      .getMessage().contains("an array"));
  }
}

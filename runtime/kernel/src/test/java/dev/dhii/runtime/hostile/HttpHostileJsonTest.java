package dev.dhii.runtime.hostile;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.dhii.runtime.hostile.HttpHostileRuntime.assertClean;
import static dev.dhii.runtime.hostile.HttpHostileRuntime.assertTyped;
import static dev.dhii.runtime.hostile.HttpHostileRuntime.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strict JSON over HTTP: every body that is not one strict JSON object (invalid or overlong UTF-8, lone surrogates,
 * duplicate keys, comments, NaN, trailing garbage, ...) is refused with 400 VALIDATION on the invoke route and on
 * both compatibility routes, in each route's documented shape, and the server answers promptly afterwards.
 */
class HttpHostileJsonTest {

  @RegisterExtension
  static final DhiiRuntimeExtension hx = HttpHostileRuntime.runtime(null);

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.writeBytes(utf8(s));
      } else {
        out.write((Integer) p);
      }
    }
    return out.toByteArray();
  }

  /** Bodies that are not one strict JSON object; the pointer expected in the violation, when there is one. */
  static List<Arguments> malformed() {
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of("overlong slash C0 AF", bytes("{\"text\":\"..", 0xC0, 0xAF, "etc\"}"), ""));
    cases.add(Arguments.of("overlong NUL C0 80", bytes("{\"text\":\"", 0xC0, 0x80, "\"}"), ""));
    cases.add(Arguments.of("overlong 3-byte E0 80 AF", bytes("{\"text\":\"", 0xE0, 0x80, 0xAF, "\"}"), ""));
    cases.add(Arguments.of("overlong 4-byte F0 80 80 AF", bytes("{\"text\":\"", 0xF0, 0x80, 0x80, 0xAF, "\"}"), ""));
    cases.add(Arguments.of("encoded high surrogate ED A0 80", bytes("{\"text\":\"", 0xED, 0xA0, 0x80, "\"}"), ""));
    cases.add(Arguments.of("encoded low surrogate ED B0 80", bytes("{\"text\":\"", 0xED, 0xB0, 0x80, "\"}"), ""));
    cases.add(Arguments.of("CESU-8 surrogate pair", bytes("{\"text\":\"", 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, "\"}"), ""));
    cases.add(Arguments.of("beyond U+10FFFF", bytes("{\"text\":\"", 0xF4, 0x90, 0x80, 0x80, "\"}"), ""));
    cases.add(Arguments.of("byte FF", bytes("{\"text\":\"", 0xFF, "\"}"), ""));
    cases.add(Arguments.of("byte FE", bytes("{\"text\":\"", 0xFE, "\"}"), ""));
    cases.add(Arguments.of("5-byte lead F8", bytes("{\"text\":\"", 0xF8, 0x88, 0x80, 0x80, 0x80, "\"}"), ""));
    cases.add(Arguments.of("lone continuation byte", bytes("{\"text\":\"", 0x80, "\"}"), ""));
    cases.add(Arguments.of("truncated 2-byte", bytes("{\"text\":\"", 0xC3, "\"}"), ""));
    cases.add(Arguments.of("truncated 3-byte", bytes("{\"text\":\"", 0xE2, 0x82, "\"}"), ""));
    cases.add(Arguments.of("truncated at the end", bytes("{\"text\":\"x\"}", 0xE2), ""));
    cases.add(Arguments.of("Latin-1 text", bytes("{\"text\":\"caf", 0xE9, "\"}"), ""));
    cases.add(Arguments.of("invalid UTF-8 in a key", bytes("{\"", 0xC0, 0xAF, "\":1}"), ""));
    cases.add(Arguments.of("NUL byte", bytes("{\"text\":\"a", 0x00, "\"}"), ""));
    cases.add(Arguments.of("UTF-16 text", bytes(0xFF, 0xFE, "{", 0, "}", 0), ""));
    cases.add(Arguments.of("escaped high surrogate alone", utf8("{\"text\":\"\\uD800\"}"), "/text"));
    cases.add(Arguments.of("escaped low surrogate alone", utf8("{\"text\":\"\\uDC00\"}"), "/text"));
    cases.add(Arguments.of("escaped surrogates reversed", utf8("{\"text\":\"\\uDC00\\uD800\"}"), "/text"));
    cases.add(Arguments.of("escaped high surrogate then letter", utf8("{\"text\":\"\\uD83Dx\"}"), "/text"));
    cases.add(Arguments.of("escaped surrogate in a key", utf8("{\"\\uDBFF\":1}"), ""));
    cases.add(Arguments.of("escaped surrogate nested", utf8("{\"a\":[{\"b\":\"\\uDFFF\"}]}"), "/a/0/b"));
    cases.add(Arguments.of("duplicate key", utf8("{\"text\":\"a\",\"text\":\"b\"}"), "/text"));
    cases.add(Arguments.of("duplicate key nested", utf8("{\"a\":{\"k\":1,\"k\":1}}"), "/a/k"));
    cases.add(Arguments.of("duplicate key in array element", utf8("{\"a\":[{},{\"k\":1,\"k\":2}]}"), "/a/1/k"));
    cases.add(Arguments.of("duplicate empty key", utf8("{\"\":1,\"\":2}"), "/"));
    cases.add(Arguments.of("block comment after", utf8("{\"text\":\"a\"}/* c */"), ""));
    cases.add(Arguments.of("block comment inside", utf8("{/* c */\"text\":\"a\"}"), ""));
    cases.add(Arguments.of("line comment", utf8("{\"text\":\"a\" // c\n}"), "/text"));
    cases.add(Arguments.of("hash comment", utf8("# c\n{\"text\":\"a\"}"), ""));
    cases.add(Arguments.of("NaN", utf8("{\"n\":NaN}"), "/n"));
    cases.add(Arguments.of("Infinity", utf8("{\"n\":Infinity}"), "/n"));
    cases.add(Arguments.of("-Infinity", utf8("{\"n\":-Infinity}"), "/n"));
    cases.add(Arguments.of("number overflowing a double", utf8("{\"n\":1e99999}"), "/n"));
    cases.add(Arguments.of("leading zero", utf8("{\"n\":007}"), "/n"));
    cases.add(Arguments.of("leading plus", utf8("{\"n\":+1}"), "/n"));
    cases.add(Arguments.of("bare fraction", utf8("{\"n\":.5}"), "/n"));
    cases.add(Arguments.of("hex number", utf8("{\"n\":0x10}"), "/n"));
    cases.add(Arguments.of("single quotes", utf8("{'text':'a'}"), ""));
    cases.add(Arguments.of("unquoted key", utf8("{text:\"a\"}"), ""));
    cases.add(Arguments.of("trailing comma in object", utf8("{\"text\":\"a\",}"), "/text"));
    cases.add(Arguments.of("trailing comma in array", utf8("{\"a\":[1,]}"), "/a/1"));
    cases.add(Arguments.of("trailing garbage", utf8("{\"text\":\"a\"}x"), ""));
    cases.add(Arguments.of("second object", utf8("{\"text\":\"a\"}{\"text\":\"b\"}"), ""));
    cases.add(Arguments.of("second value after newline", utf8("{\"text\":\"a\"}\n1"), ""));
    cases.add(Arguments.of("unterminated object", utf8("{\"text\":\"a\""), "/text"));
    cases.add(Arguments.of("unterminated string", utf8("{\"text\":\"a"), "/text"));
    cases.add(Arguments.of("missing value", utf8("{\"text\":}"), "/text"));
    cases.add(Arguments.of("missing colon", utf8("{\"text\" \"a\"}"), "/text"));
    cases.add(Arguments.of("unbalanced close", utf8("{\"a\":[1}}"), "/a/0"));
    cases.add(Arguments.of("raw tab in a string", utf8("{\"text\":\"a\tb\"}"), "/text"));
    cases.add(Arguments.of("raw newline in a string", utf8("{\"text\":\"a\nb\"}"), "/text"));
    cases.add(Arguments.of("bad escape", utf8("{\"text\":\"\\q\"}"), "/text"));
    cases.add(Arguments.of("short unicode escape", utf8("{\"text\":\"\\u12\"}"), "/text"));
    cases.add(Arguments.of("misspelled literal", utf8("{\"flag\":tru}"), "/flag"));
    cases.add(Arguments.of("capitalised literal", utf8("{\"flag\":True}"), "/flag"));
    cases.add(Arguments.of("nesting bomb", utf8("{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}"), null));
    cases.add(Arguments.of("empty body", new byte[0], ""));
    cases.add(Arguments.of("whitespace only", utf8(" \r\n\t "), ""));
    cases.add(Arguments.of("array", utf8("[{\"text\":\"a\"}]"), ""));
    cases.add(Arguments.of("string", utf8("\"text\""), ""));
    cases.add(Arguments.of("number", utf8("42"), ""));
    cases.add(Arguments.of("null", utf8("null"), ""));
    cases.add(Arguments.of("boolean", utf8("true"), ""));
    return cases;
  }

  /** Each malformed body on each compatibility route. */
  static Stream<Arguments> v1Cases() {
    return malformed().stream().flatMap(a -> Stream.of("/api/kernel/capabilities/hx.echo/execute", "/kernel/capabilities/execute")
      .map(route -> Arguments.of(route, a.get()[0], a.get()[1])));
  }

  @ParameterizedTest(name = "invoke: {0}")
  @MethodSource("malformed")
  void invokeRefusesWithAPointer(String name, byte[] body, String pointer) {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/v1/capabilities/hx.echo/invoke", "application/json", body));
    assertTyped(answer, 400, "VALIDATION");
    JsonObject error = answer.json().getJsonObject("error");
    if (pointer != null && !error.getString("message").startsWith("The request body must be")) {
      JsonObject violation = error.getJsonObject("details").getJsonArray("violations").getJsonObject(0);
      assertEquals(pointer, violation.getString("pointer"), answer::text);
      assertTrue(violation.containsKey("offset"), answer::text);
    }
    HttpHostileRuntime.assertLive(hx);
  }

  /** v1 shapes: {@code {"status":"error","message","code"}} and the envelope's {@code {"success":false,"error","code"}}. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("v1Cases")
  void v1RoutesRefuseInTheirShapes(String route, String name, byte[] body) {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), route, "application/json", body));
    assertEquals(400, answer.status(), answer::text);
    JsonObject json = answer.json();
    assertEquals("VALIDATION", json.getString("code"), answer::text);
    if (route.startsWith("/kernel/")) {
      assertFalse(json.getBoolean("success"), answer::text);
      assertClean(json.getString("error"));
    } else {
      assertEquals("error", json.getString("status"), answer::text);
      assertClean(json.getString("message"));
    }
    HttpHostileRuntime.assertLive(hx);
  }

  @Test
  void aSecondCapabilityIdDoesNotPickAnotherCapability() {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/kernel/capabilities/execute", "application/json",
      utf8("{\"capability_id\":\"hx.echo\",\"parameters\":{\"a\":1},\"capability_id\":\"hx.other\"}")));
    assertEquals(400, answer.status(), answer::text);
    assertTrue(answer.json().getString("error").contains("Duplicate key \"capability_id\""), answer::text);
    assertFalse(answer.text().contains("other\":true"), answer::text);
    HttpHostileRuntime.assertLive(hx);
  }

  @Test
  void overlongSlashIsNotDecodedToASlash() {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/v1/capabilities/hx.echo/invoke", "application/json",
      bytes("{\"path\":\"..", 0xC0, 0xAF, "etc\"}")));
    assertTyped(answer, 400, "VALIDATION");
    assertTrue(answer.message().contains("overlong"), answer::text);
    assertFalse(answer.text().contains("../etc"), answer::text);
  }

  @Test
  void strictJsonStillAcceptsValidUnicode() {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/v1/capabilities/hx.echo/invoke", "application/json",
      utf8("{\"t\":\"caf\u00e9 \uD83D\uDE00 \\uD83D\\uDE00 \\u00e9\",\"n\":[1,2.5,-3e2,null,true]}")));
    assertEquals(200, answer.status(), answer::text);
    assertEquals("caf\u00e9 \uD83D\uDE00 \uD83D\uDE00 \u00e9", answer.json().getJsonObject("result").getString("t"));
  }
}

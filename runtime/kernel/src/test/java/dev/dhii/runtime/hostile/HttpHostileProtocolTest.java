package dev.dhii.runtime.hostile;

import dev.dhii.runtime.config.JwtOptions;
import dev.dhii.runtime.auth.TokenIssuer;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.dhii.runtime.hostile.HttpHostileRuntime.assertTyped;
import static dev.dhii.runtime.hostile.HttpHostileRuntime.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parser-level abuse over raw sockets (bad framing, header abuse, HTTP/0.9, oversize lines and headers, Expect,
 * bad chunked bodies, TLS on the plain port), unknown ids, wrong methods on every route and missing or garbled
 * credentials: each gets the typed error body with its status, and the server answers promptly afterwards.
 */
class HttpHostileProtocolTest {

  @RegisterExtension
  static final DhiiRuntimeExtension hx = HttpHostileRuntime.runtime(null);

  private static final String INVOKE = "POST /v1/capabilities/hx.echo/invoke HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";

  /** Raw requests the parser (or the body reader) refuses: name, bytes, status, error code. */
  static List<Arguments> parserErrors() {
    List<Arguments> c = new ArrayList<>();
    c.add(Arguments.of("Content-Length not a number", INVOKE + "Content-Length: abc\r\n\r\n{}", 400));
    c.add(Arguments.of("Content-Length negative", INVOKE + "Content-Length: -5\r\n\r\n{}", 400));
    c.add(Arguments.of("Content-Length with a sign", INVOKE + "Content-Length: +2\r\n\r\n{}", 400));
    c.add(Arguments.of("Content-Length two values", INVOKE + "Content-Length: 2, 3\r\n\r\n{}", 400));
    c.add(Arguments.of("Content-Length twice, different", INVOKE + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400));
    c.add(Arguments.of("Content-Length overflowing", INVOKE + "Content-Length: 99999999999999999999999\r\n\r\n{}", 400));
    c.add(Arguments.of("unknown transfer coding", INVOKE + "Transfer-Encoding: gzip\r\n\r\n{}", 400));
    c.add(Arguments.of("NUL in a header value", INVOKE + "X-A: a\0b\r\nContent-Length: 2\r\n\r\n{}", 400));
    c.add(Arguments.of("control character in a header name", INVOKE + "X\u0001A: b\r\nContent-Length: 2\r\n\r\n{}", 400));
    c.add(Arguments.of("space before the colon", INVOKE + "X-A : b\r\nContent-Length: 2\r\n\r\n{}", 400));
    c.add(Arguments.of("header without a colon", INVOKE + "NoColonHere\r\nContent-Length: 2\r\n\r\n{}", 400));
    c.add(Arguments.of("HTTP/0.9 request line", "GET /health/live\r\n\r\n", 400));
    c.add(Arguments.of("garbage request line", "\u0007\u0008garbage\r\n\r\n", 400));
    c.add(Arguments.of("request line too long", "GET /" + "a".repeat(6000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414));
    c.add(Arguments.of("query too long", "GET /health/live?" + "q=1&".repeat(1500) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414));
    c.add(Arguments.of("one header too large", "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n", 431));
    c.add(Arguments.of("too many headers", "GET /health/live HTTP/1.1\r\nHost: x\r\n" + "X-H: v\r\n".repeat(1500) + "\r\n", 431));
    c.add(Arguments.of("Expect other than 100-continue", INVOKE + "Expect: 200-ok\r\nContent-Length: 2\r\n\r\n{}", 417));
    c.add(Arguments.of("Expect garbage", INVOKE + "Expect: x\r\nContent-Length: 2\r\n\r\n{}", 417));
    c.add(Arguments.of("chunk size not hex", INVOKE + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400));
    c.add(Arguments.of("chunk size negative", INVOKE + "Transfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n", 400));
    c.add(Arguments.of("chunk size overflowing", INVOKE + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n", 400));
    c.add(Arguments.of("chunk longer than its size", INVOKE + "Transfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n", 400));
    c.add(Arguments.of("Expect 100-continue, body too large", INVOKE + "Expect: 100-continue\r\nContent-Length: 999999999\r\n\r\n", 413));
    c.add(Arguments.of("declared body over the bound", INVOKE + "Content-Length: 16777217\r\n\r\n{", 413));
    c.add(Arguments.of("declared body far over the bound", INVOKE + "Content-Length: 9223372036854775807\r\n\r\n{", 413));
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parserErrors")
  void parserErrorsGetTheTypedBody(String name, String request, int status) {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), request.getBytes(StandardCharsets.ISO_8859_1));
    assertTyped(answer, status, status == 413 ? "PAYLOAD_TOO_LARGE" : "VALIDATION");
    HttpHostileRuntime.assertLive(hx);
  }

  @Test
  void aTlsClientHelloOnThePlainPortIsAnsweredOrClosedPromptly() {
    byte[] hello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03, 0x5a, 0x5a, 0x5a, 0x5a,
      0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x00, 0x00, 0x20, (byte) 0xc0, 0x2f};
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), hello, 3000);
    assertTrue(answer.status() == 400 || answer.status() == -1, "status " + answer.status());
    assertTrue(answer.millis() < 2500, "held for " + answer.millis() + " ms");
    HttpHostileRuntime.assertLive(hx);
  }

  @Test
  void anHttp2PrefaceOnThePlainPortIsRefused() {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 3000);
    assertTrue(answer.status() == 400 || answer.status() == -1 || answer.status() == 404, "status " + answer.status());
    HttpHostileRuntime.assertLive(hx);
  }

  /** Every route with every method it does not serve: 405 (typed NOT_FOUND body) or 404, never an empty answer. */
  static List<Arguments> methodsByRoutes() {
    List<Arguments> c = new ArrayList<>();
    String[][] routes = {
      {"/v1/capabilities/hx.echo/invoke", "POST"}, {"/api/kernel/capabilities/hx.echo/execute", "POST"},
      {"/kernel/capabilities/execute", "POST"}, {"/v1/plugins", "GET"}, {"/v1/plugins/hx", "GET"},
      {"/v1/capabilities", "GET"}, {"/health/live", "GET"}, {"/health/ready", "GET"}, {"/health", "GET"},
      {"/metrics", "GET"}};
    for (String[] r : routes) {
      for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
        if (!method.equals(r[1]) && !(r[1].equals("GET") && method.equals("POST") && !r[0].startsWith("/v1/plugins"))) {
          c.add(Arguments.of(method, r[0]));
        }
      }
    }
    c.add(Arguments.of("GET", "/v1/plugins/hx/redeploy"));
    c.add(Arguments.of("PUT", "/v1/plugins/hx/disable"));
    c.add(Arguments.of("BREW", "/v1/capabilities"));
    return c;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("methodsByRoutes")
  void wrongMethodsAreTyped(String method, String path) {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
      + "Content-Type: application/json\r\nConnection: close\r\n\r\n{}");
    assertTrue(answer.status() == 405 || answer.status() == 404 || answer.status() == 400, answer::text);
    assertTyped(answer, answer.status(), answer.status() == 400 ? "VALIDATION" : "NOT_FOUND");
    HttpHostileRuntime.assertLive(hx);
  }

  /** Unknown and garbled ids: NOT_FOUND on every route shape (the v1 routes in their own shapes). */
  static List<String> unknownIds() {
    return List.of("nope.nothing", "hx.missing", "hx", "HX.ECHO", "hx.echo.extra", "..", "%2e%2e%2fhx.echo",
      "hx.echo%00", "%ff%fe", "a".repeat(300), "hx%2Fecho", "dhii.internal");
  }

  @ParameterizedTest(name = "invoke {0}")
  @MethodSource("unknownIds")
  void unknownCapabilitiesAreNotFound(String id) {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/v1/capabilities/" + id + "/invoke",
      "application/json", utf8("{}")));
    assertTyped(answer, 404, "NOT_FOUND");
    HttpHostileRuntime.assertLive(hx);
  }

  static List<String> unknownPluginIds() {
    return unknownIds().stream().filter(id -> !id.equals("hx")).toList();
  }

  @ParameterizedTest(name = "plugin {0}")
  @MethodSource("unknownPluginIds")
  void unknownPluginsAreNotFound(String id) {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), "GET /v1/plugins/" + id + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTyped(answer, 404, "NOT_FOUND");
    HttpHostileRuntime.assertLive(hx);
  }

  @ParameterizedTest(name = "v1 execute {0}")
  @MethodSource("unknownIds")
  void unknownCapabilitiesOnTheV1Route(String id) {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/api/kernel/capabilities/" + id + "/execute",
      "application/json", utf8("{}")));
    assertEquals(404, answer.status(), answer::text);
    // a path the router normalises away (..) has no route at all: then the typed body of every unknown route
    assertTrue("not_found".equals(answer.json().getString("status"))
      || "NOT_FOUND".equals(answer.json().getJsonObject("error").getString("code")), answer::text);
    HttpHostileRuntime.assertLive(hx);
  }

  /** Credentials that do not authenticate: 401 AUTHENTICATION on a capability that needs them, and on admin routes. */
  static List<String> badAuthorizations() {
    return List.of("", "Bearer", "Bearer ", "Bearer x", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "bearer " + "x".repeat(40),
      "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.AAAA",
      "Bearer " + "e".repeat(5000), "Token abc", "Bearer \u00ff\u00fe");
  }

  /** Each bad credential on a capability that needs one and on an admin route. */
  static Stream<Arguments> badAuthorizationsByRoute() {
    return badAuthorizations().stream().flatMap(a -> Stream.of("/v1/capabilities/hx.secure/invoke", "/v1/plugins/hx/disable")
      .map(route -> Arguments.of(route, a)));
  }

  @ParameterizedTest(name = "{0}, Authorization: {1}")
  @MethodSource("badAuthorizationsByRoute")
  void garbledTokensAreRefused(String route, String authorization) {
    byte[] request = RawHttp.post(hx.httpPort(), route, "application/json", utf8("{}"),
      authorization.isEmpty() ? new String[0] : new String[] {"Authorization: " + authorization});
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), request);
    // an admin route may refuse a credential it cannot use as FORBIDDEN; a capability always as AUTHENTICATION
    assertTrue(answer.status() == 401 || (answer.status() == 403 && route.startsWith("/v1/plugins/")), answer::text);
    assertTyped(answer, answer.status(), answer.status() == 401 ? "AUTHENTICATION" : "FORBIDDEN");
    HttpHostileRuntime.assertLive(hx);
  }

  private static String token(String subject) {
    return new TokenIssuer(hx.vertx(), new JwtOptions().setSecret(HttpHostileRuntime.SECRET))
      .issue(subject, List.of(), Duration.ofMinutes(5));
  }

  @Test
  void aNonAdminTokenIsForbiddenOnAdminRoutes() {
    String token = token("alice");
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/v1/plugins/hx/disable", "application/json",
      utf8("{}"), "Authorization: Bearer " + token));
    assertTyped(answer, 403, "FORBIDDEN");
    HttpHostileRuntime.assertLive(hx);
  }

  @Test
  void aGoodTokenStillWorks() {
    String token = token("alice");
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), RawHttp.post(hx.httpPort(), "/v1/capabilities/hx.secure/invoke",
      "application/json", utf8("{}"), "Authorization: Bearer " + token));
    assertEquals(200, answer.status(), answer::text);
    assertEquals("alice", answer.json().getJsonObject("result").getString("user"));
  }
}

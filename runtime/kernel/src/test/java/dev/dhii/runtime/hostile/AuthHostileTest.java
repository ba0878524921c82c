package dev.dhii.runtime.hostile;

import dev.dhii.runtime.auth.Tokens;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.FrameSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hostile bearer tokens on every bridge: {@code alg} none and others, wrong and missing signatures,
 * {@code crit}, edge and absurd {@code iat}/{@code exp}/{@code nbf}, wrong issuer, audience and subject,
 * malformed roles, broken encodings. Each is refused with AUTHENTICATION and a plain message (HTTP 401, the
 * TCP bridge's 401 error frame, JSON-RPC -32001 for {@code auth}, a 401 upgrade), the valid controls are
 * accepted, and /health/live stays prompt.
 */
class AuthHostileTest {

  static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = BridgeHostile.runtime(null);

  static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String sign(String input, String secret, String algorithm) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return an HS256-signed token of these raw header and payload texts */
  static String jwt(String header, String payload) {
    String input = b64(header) + "." + b64(payload);
    return input + "." + sign(input, Tokens.SECRET, "HmacSHA256");
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** @param change what to do to valid claims @return a signed token of the changed claims */
  static String claims(Function<JsonObject, JsonObject> change) {
    return jwt(HS256, change.apply(Tokens.claims("mallory")).encode());
  }

  /** @param claimsText the payload as raw text, for values JsonObject would not write @return a signed token */
  static String rawClaims(String claimsText) {
    return jwt(HS256, claimsText);
  }

  static String validPayloadWith(String member) {
    JsonObject base = Tokens.claims("mallory");
    String text = base.encode();
    return text.substring(0, text.length() - 1) + "," + member + "}";
  }

  static String withoutClaim(String claim) {
    JsonObject c = Tokens.claims("mallory");
    c.remove(claim);
    return c.encode();
  }

  /** Header values: a token (sent as "Bearer token"), or a whole Authorization value when it starts with "!". */
  static List<Arguments> tokens() {
    List<Arguments> all = new ArrayList<>();
    String payload = Tokens.claims("mallory").encode();
    String body = b64(payload);
    // algorithms and signatures
    all.add(Arguments.of("alg none unsigned", b64("{\"alg\":\"none\"}") + "." + body + ".", false));
    all.add(Arguments.of("alg none with a signature", b64("{\"alg\":\"none\"}") + "." + body + "." + sign("x", Tokens.SECRET, "HmacSHA256"), false));
    all.add(Arguments.of("alg NONE", jwt("{\"alg\":\"NONE\"}", payload), false));
    all.add(Arguments.of("alg None", jwt("{\"alg\":\"None\"}", payload), false));
    String hs512Input = b64("{\"alg\":\"HS512\"}") + "." + body;
    all.add(Arguments.of("alg HS512 (not configured)", hs512Input + "." + sign(hs512Input, Tokens.SECRET, "HmacSHA512"), false));
    all.add(Arguments.of("alg RS256 signed with the secret", jwt("{\"alg\":\"RS256\"}", payload), false));
    all.add(Arguments.of("alg missing", jwt("{\"typ\":\"JWT\"}", payload), false));
    all.add(Arguments.of("alg null", jwt("{\"alg\":null}", payload), false));
    all.add(Arguments.of("alg a number", jwt("{\"alg\":1}", payload), false));
    all.add(Arguments.of("alg an array", jwt("{\"alg\":[\"HS256\"]}", payload), false));
    all.add(Arguments.of("wrong secret", Tokens.hs256(Tokens.claims("mallory"), Tokens.OTHER_SECRET), false));
    String good = Tokens.hs256(Tokens.claims("mallory"));
    all.add(Arguments.of("signature truncated", good.substring(0, good.length() - 5), false));
    all.add(Arguments.of("signature empty", good.substring(0, good.lastIndexOf('.') + 1), false));
    all.add(Arguments.of("signature of another payload", b64(Tokens.claims("admin").put("roles", new io.vertx.core.json.JsonArray().add("admin"))
      .encode()).replaceAll("^", b64(HS256) + ".") + good.substring(good.lastIndexOf('.')), false));
    all.add(Arguments.of("signature not base64url", good.substring(0, good.lastIndexOf('.') + 1) + "!!!!", false));
    // crit
    all.add(Arguments.of("crit naming exp", jwt("{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}", payload), false));
    all.add(Arguments.of("crit naming an unknown extension", jwt("{\"alg\":\"HS256\",\"crit\":[\"x-unknown\"],\"x-unknown\":true}", payload), false));
    all.add(Arguments.of("crit b64", jwt("{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}", payload), false));
    all.add(Arguments.of("crit empty", jwt("{\"alg\":\"HS256\",\"crit\":[]}", payload), false));
    all.add(Arguments.of("crit not an array", jwt("{\"alg\":\"HS256\",\"crit\":\"x\"}", payload), false));
    // times
    all.add(Arguments.of("iat a day ahead", claims(c -> c.put("iat", now() + 86_400)), false));
    all.add(Arguments.of("iat a minute ahead", claims(c -> c.put("iat", now() + 60)), false));
    all.add(Arguments.of("iat 1e20", rawClaims(validPayloadWith("\"iat\":1e20").replaceFirst("\"iat\":[0-9]+,", "")), false));
    all.add(Arguments.of("iat negative", claims(c -> c.put("iat", -1)), false));
    all.add(Arguments.of("iat a string", claims(c -> c.put("iat", "now")), false));
    all.add(Arguments.of("exp 1e20", rawClaims(withoutClaim("exp").replace("}", ",\"exp\":1e20}")), false));
    all.add(Arguments.of("exp 1e308", rawClaims(withoutClaim("exp").replace("}", ",\"exp\":1.7976931348623157e308}")), false));
    all.add(Arguments.of("exp Long.MAX_VALUE", claims(c -> c.put("exp", Long.MAX_VALUE)), false));
    all.add(Arguments.of("exp past the year 9999", claims(c -> c.put("exp", 253_402_300_800L)), false));
    all.add(Arguments.of("exp negative", claims(c -> c.put("exp", -1)), false));
    all.add(Arguments.of("exp a string", claims(c -> c.put("exp", "soon")), false));
    all.add(Arguments.of("exp true", claims(c -> c.put("exp", true)), false));
    all.add(Arguments.of("exp an array", claims(c -> c.put("exp", new io.vertx.core.json.JsonArray().add(1))), false));
    all.add(Arguments.of("exp missing", rawClaims(withoutClaim("exp")), false));
    all.add(Arguments.of("exp an hour ago", claims(c -> c.put("exp", now() - 3_600)), false));
    all.add(Arguments.of("nbf a day ahead", claims(c -> c.put("nbf", now() + 86_400)), false));
    all.add(Arguments.of("nbf 1e20", rawClaims(validPayloadWith("\"nbf\":1e20")), false));
    all.add(Arguments.of("nbf negative", claims(c -> c.put("nbf", -5)), false));
    all.add(Arguments.of("nbf a string", claims(c -> c.put("nbf", "x")), false));
    // issuer, audience, subject, roles
    all.add(Arguments.of("iss wrong", claims(c -> c.put("iss", "evil")), false));
    all.add(Arguments.of("iss missing", rawClaims(withoutClaim("iss")), false));
    all.add(Arguments.of("iss a number", claims(c -> c.put("iss", 1)), false));
    all.add(Arguments.of("aud wrong", claims(c -> c.put("aud", "other")), false));
    all.add(Arguments.of("aud empty list", claims(c -> c.put("aud", new io.vertx.core.json.JsonArray())), false));
    all.add(Arguments.of("aud other list", claims(c -> c.put("aud", new io.vertx.core.json.JsonArray().add("other"))), false));
    all.add(Arguments.of("sub missing", rawClaims(withoutClaim("sub")), false));
    all.add(Arguments.of("sub empty", claims(c -> c.put("sub", "")), false));
    all.add(Arguments.of("sub a number", claims(c -> c.put("sub", 1)), false));
    all.add(Arguments.of("roles a string", claims(c -> c.put("roles", "admin")), false));
    all.add(Arguments.of("roles of numbers", claims(c -> c.put("roles", new io.vertx.core.json.JsonArray().add(1))), false));
    all.add(Arguments.of("scope a number", claims(c -> c.put("scope", 1)), false));
    // encodings
    all.add(Arguments.of("header not JSON", b64("{alg") + "." + body + ".x", false));
    all.add(Arguments.of("payload not JSON", jwt(HS256, "{sub"), false));
    all.add(Arguments.of("payload an array", jwt(HS256, "[1]"), false));
    all.add(Arguments.of("two parts", b64(HS256) + "." + body, false));
    all.add(Arguments.of("four parts", good + ".x", false));
    all.add(Arguments.of("not base64", "a!b.c@d.e#f", false));
    all.add(Arguments.of("6 KB of garbage", "g".repeat(6_000), false)); // a larger header is the HTTP edge's 431
    all.add(Arguments.of("Bearer and nothing", "!Bearer", false));
    all.add(Arguments.of("Basic credentials", "!Basic YWxpY2U6c2VjcmV0", false));
    all.add(Arguments.of("two tokens", "!Bearer " + good + " " + good, false));
    // controls
    all.add(Arguments.of("valid", good, true));
    all.add(Arguments.of("iat within the leeway", claims(c -> c.put("iat", now() + 2)), true));
    all.add(Arguments.of("exp with a fraction", rawClaims(withoutClaim("exp").replace("}", ",\"exp\":" + (now() + 600) + ".5}")), true));
    all.add(Arguments.of("nbf in the past", claims(c -> c.put("nbf", now() - 10)), true));
    all.add(Arguments.of("aud a list with dhii", claims(c -> c.put("aud", new io.vertx.core.json.JsonArray().add("x").add("dhii"))), true));
    all.add(Arguments.of("lower-case bearer", "!bearer " + good, true));
    return all;
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String transport : List.of("http", "tcp", "ws-auth", "ws-upgrade")) {
      for (Arguments token : tokens()) {
        Object[] a = token.get();
        all.add(Arguments.of(transport + ": " + a[0], transport, a[1], a[2]));
      }
    }
    return all.stream();
  }

  static String authorization(String token) {
    return token.startsWith("!") ? token.substring(1) : "Bearer " + token;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aHostileTokenIsRefusedWithAuthentication(String name, String transport, String token, boolean valid) throws Exception {
    switch (transport) {
      case "http" -> {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dhii.runtime().httpPort()
            + "/v1/capabilities/hx.user/invoke")).header("content-type", "application/json")
          .header("authorization", authorization(token)).timeout(Duration.ofSeconds(5))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        if (valid) {
          assertEquals(200, response.statusCode(), response.body());
          assertEquals("mallory", new JsonObject(response.body()).getJsonObject("result").getString("userId"));
        } else {
          assertEquals(401, response.statusCode(), response.body());
          BridgeHostile.assertTyped(new JsonObject(response.body()).getJsonObject("error"), "AUTHENTICATION");
        }
      }
      case "tcp" -> {
        try (FrameSocket socket = new FrameSocket(dhii.runtime().tcpBridgePort())) {
          JsonObject reply = socket.send(new JsonObject().put("type", "send").put("address", "dhii.cap.hx.user").put("replyAddress", "a")
            .put("headers", new JsonObject().put("authorization", authorization(token))).put("body", new JsonObject())).read();
          if (valid) {
            assertEquals("mallory", reply.getJsonObject("body").getString("userId"), reply.encode());
          } else {
            TcpHostileFrameTest.assertTypedFrame(reply, 401, "AUTHENTICATION");
          }
        }
      }
      case "ws-auth" -> {
        try (RawWebSocket ws = RawWebSocket.connect(dhii.runtime().httpPort(), null)) {
          String sent = token.startsWith("!") ? token.substring(1) : token;
          ws.text(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "auth")
            .put("params", new JsonObject().put("token", sent)).encode());
          JsonObject reply = (JsonObject) ws.json();
          if (valid) {
            assertEquals("mallory", reply.getJsonObject("result").getString("userId"), reply.encode());
          } else if (sent.isBlank()) {
            assertEquals(-32602, reply.getJsonObject("error").getInteger("code"), reply.encode());
          } else {
            assertEquals(-32001, reply.getJsonObject("error").getInteger("code"), reply.encode());
            BridgeHostile.assertTyped(reply.getJsonObject("error").getJsonObject("data"), "AUTHENTICATION");
          }
        }
      }
      case "ws-upgrade" -> {
        try (RawWebSocket ws = RawWebSocket.connect(dhii.runtime().httpPort(), authorization(token))) {
          assertEquals(valid ? 101 : 401, ws.status, name);
        }
      }
      default -> throw new AssertionError(transport);
    }
    BridgeHostile.assertLive(dhii.runtime());
  }
}

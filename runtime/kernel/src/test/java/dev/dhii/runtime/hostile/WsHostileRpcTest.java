package dev.dhii.runtime.hostile;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Hostile JSON-RPC over {@code /v1/ws}: malformed and odd requests, ids, params, methods, cancels of unknown
 * ids, subscriptions, batches, notifications. Each is answered with its documented JSON-RPC error (or
 * result, or nothing for a notification), the connection goes on answering, and /health/live stays prompt.
 */
class WsHostileRpcTest {

  static final int RESULT = 0;
  static final int NO_REPLY = 1;
  static final int BATCH = 2;
  static final int PARSE = -32700;
  static final int INVALID = -32600;
  static final int NOT_FOUND = -32601;
  static final int PARAMS = -32602;
  static final int AUTH = -32001;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = BridgeHostile.runtime(null);

  static String rpc(Object id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}";
  }

  static String invoke(String params) {
    return rpc(1, "invoke", params);
  }

  static Arguments c(String name, String text, int code, String dataCode) {
    return Arguments.of(name, text, code, dataCode);
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    // not JSON
    String[] unparsable = {"{", "[", "}", "nul", "{\"jsonrpc\":", "'single'", "{a:1}", "[1,2", "{\"jsonrpc\":\"2.0\",}",
      "", " ", "\u0000", "{\"id\":1,\"method\":\"health\",\"jsonrpc\":\"2.0\"", "NaN", "{\"x\":01}", "\"unterminated"};
    for (int i = 0; i < unparsable.length; i++) {
      all.add(c("parse error " + i, unparsable[i], PARSE, null));
    }
    // not a request
    String[] invalid = {"1", "\"str\"", "true", "null", "[]", "{}", "[[]]".substring(0, 0) + "{\"jsonrpc\":\"1.0\",\"method\":\"health\",\"id\":1}",
      "{\"jsonrpc\":2.0,\"method\":\"health\",\"id\":1}", "{\"jsonrpc\":\"2.0\",\"id\":1}", "{\"jsonrpc\":\"2.0\",\"method\":1,\"id\":1}",
      "{\"jsonrpc\":\"2.0\",\"method\":null,\"id\":1}", "{\"jsonrpc\":\"2.0\",\"method\":[\"health\"],\"id\":1}",
      rpc(1, "health", "1"), rpc(1, "health", "\"x\""), rpc(1, "health", "true"), rpc("{}", "health", null),
      rpc("[]", "health", null), rpc("true", "health", null), "{\"method\":\"health\",\"id\":1}",
      "{\"jsonrpc\":null,\"method\":\"health\",\"id\":1}", "{\"jsonrpc\":\"2.0 \",\"method\":\"health\",\"id\":1}",
      "{\"jsonrpc\":\"2.0\",\"method\":{},\"id\":1}"};
    for (int i = 0; i < invalid.length; i++) {
      all.add(c("invalid request " + i, invalid[i], INVALID, null));
    }
    all.add(c("binary message", "BINARY:" + rpc(1, "health", null), INVALID, null));
    // unknown methods
    String[] methods = {"nope", "", " invoke", "INVOKE", "Invoke", "invoke ", "rpc.discover", "capabilities.List", "health.live",
      "__proto__", "constructor", "toString", "m".repeat(10_000), "\u00edinvoke", "cancel2", "auth\u0000", "subscribe.all",
      "plugins.list/../health", "event"};
    for (int i = 0; i < methods.length; i++) {
      all.add(c("unknown method " + i, rpc(1, Json.encode(methods[i]).replaceAll("^\"|\"$", ""), null), NOT_FOUND, "NOT_FOUND"));
    }
    // invoke params
    String[] badInvoke = {null, "[]", "[\"hx.echo\"]", "{}", "{\"capability\":1}", "{\"capability\":\"\"}", "{\"capability\":\" \"}",
      "{\"capability\":null}", "{\"capability\":[]}", "{\"capability\":{}}", "{\"capability\":\"hx.echo\",\"input\":[]}",
      "{\"capability\":\"hx.echo\",\"input\":\"x\"}", "{\"capability\":\"hx.echo\",\"input\":1}",
      "{\"capability\":\"hx.echo\",\"input\":true}", "{\"capability\":\"hx.echo\",\"timeoutMs\":0}",
      "{\"capability\":\"hx.echo\",\"timeoutMs\":-1}", "{\"capability\":\"hx.echo\",\"timeoutMs\":1.5}",
      "{\"capability\":\"hx.echo\",\"timeoutMs\":\"100\"}", "{\"capability\":\"hx.echo\",\"timeoutMs\":true}",
      "{\"capability\":\"hx.echo\",\"timeoutMs\":null}", "{\"capability\":\"hx.echo\",\"timeoutMs\":-9223372036854775808}"};
    for (int i = 0; i < badInvoke.length; i++) {
      all.add(c("invoke params " + i, invoke(badInvoke[i]), PARAMS, "VALIDATION"));
    }
    // a number past a double's range is not a JSON value the dhii.runtime() can represent: refused when parsing
    all.add(c("invoke timeout 1e400 is not parsed", invoke("{\"capability\":\"hx.echo\",\"timeoutMs\":1e400}"), PARSE, null));
    all.add(c("invoke huge timeout is clamped", invoke("{\"capability\":\"hx.echo\",\"timeoutMs\":9223372036854775807}"), RESULT, null));
    all.add(c("invoke timeout 1e18 is clamped", invoke("{\"capability\":\"hx.echo\",\"timeoutMs\":1000000000000000000}"), RESULT, null));
    all.add(c("invoke input null", invoke("{\"capability\":\"hx.echo\",\"input\":null}"), PARAMS, "VALIDATION"));
    all.add(c("invoke echo", invoke("{\"capability\":\"hx.echo\",\"input\":{\"a\":[1,2,{\"b\":null}]}}"), RESULT, null));
    String[] unknownCapabilities = {"no.such", "dhii.events", "../hx.echo", "hx.echo ", "HX.ECHO", "hx", "hx.echo.more",
      "dhii.cap.hx.echo", "x".repeat(5_000)};
    for (int i = 0; i < unknownCapabilities.length; i++) {
      all.add(c("invoke unknown capability " + i, invoke("{\"capability\":\"" + unknownCapabilities[i] + "\"}"), NOT_FOUND, "NOT_FOUND"));
    }
    all.add(c("invoke requiresAuth anonymously", invoke("{\"capability\":\"hx.user\"}"), AUTH, "AUTHENTICATION"));
    // cancel
    String[] badCancel = {null, "{}", "{\"id\":{}}", "{\"id\":[]}", "{\"id\":true}", "[1]"};
    for (int i = 0; i < badCancel.length; i++) {
      all.add(c("cancel params " + i, rpc(1, "cancel", badCancel[i]), PARAMS, "VALIDATION"));
    }
    String[] unknownIds = {"1", "\"x\"", "null", "1.0", "-1", "9000000000000000000", "\"\"", "1e300", "\"" + "i".repeat(2_000) + "\""};
    for (int i = 0; i < unknownIds.length; i++) {
      all.add(c("cancel unknown id " + i, rpc(1, "cancel", "{\"id\":" + unknownIds[i] + "}"), RESULT, null));
    }
    // subscriptions
    String[] badTopics = {null, "{}", "{\"topics\":[]}", "{\"topics\":\"plugin.\"}", "{\"topics\":[1]}", "{\"topics\":[null]}",
      "{\"topics\":[[]]}", "{\"topics\":[\"" + "t".repeat(300) + "\"]}", "[[\"plugin.\"]]", "{\"topics\":{}}"};
    for (int i = 0; i < badTopics.length; i++) {
      all.add(c("subscribe params " + i, rpc(1, "subscribe", badTopics[i]), PARAMS, "VALIDATION"));
    }
    all.add(c("subscribe", rpc(1, "subscribe", "{\"topics\":[\"plugin.\",\"plugin.\",\"\"]}"), RESULT, null));
    all.add(c("unsubscribe bad topics", rpc(1, "unsubscribe", "{\"topics\":\"x\"}"), PARAMS, "VALIDATION"));
    all.add(c("unsubscribe nothing", rpc(1, "unsubscribe", null), RESULT, null));
    all.add(c("unsubscribe never subscribed", rpc(1, "unsubscribe", "{\"topics\":[\"never.\"]}"), RESULT, null));
    // auth
    all.add(c("auth no token", rpc(1, "auth", null), PARAMS, "VALIDATION"));
    all.add(c("auth token not a string", rpc(1, "auth", "{\"token\":1}"), PARAMS, "VALIDATION"));
    all.add(c("auth empty token", rpc(1, "auth", "{\"token\":\"\"}"), PARAMS, "VALIDATION"));
    all.add(c("auth garbage token", rpc(1, "auth", "{\"token\":\"garbage\"}"), AUTH, "AUTHENTICATION"));
    all.add(c("auth three empty parts", rpc(1, "auth", "{\"token\":\"..\"}"), AUTH, "AUTHENTICATION"));
    // ids
    String[] ids = {"\"" + "x".repeat(1_000) + "\"", "1.5", "-1", "1e308", "0", "\"\"", "null", "\"\\u0000\"", "123456789012345678901234567890"};
    for (int i = 0; i < ids.length; i++) {
      all.add(c("id " + i, rpc(ids[i], "capabilities.list", null), RESULT, null));
    }
    // batches and notifications
    all.add(c("batch of a number", "[1]", BATCH, null));
    all.add(c("batch of an empty batch", "[[]]", BATCH, null));
    all.add(c("batch mixed", "[" + rpc(1, "health", null) + ",{\"x\":1}," + rpc(2, "nope", null) + "]", BATCH, null));
    all.add(c("batch of notifications", "[{\"jsonrpc\":\"2.0\",\"method\":\"nope\"},{\"jsonrpc\":\"2.0\",\"method\":\"health\"}]",
      NO_REPLY, null));
    all.add(c("notification unknown method", "{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}", NO_REPLY, null));
    all.add(c("notification bad params", "{\"jsonrpc\":\"2.0\",\"method\":\"invoke\",\"params\":{}}", NO_REPLY, null));
    all.add(c("notification cancel", "{\"jsonrpc\":\"2.0\",\"method\":\"cancel\",\"params\":{\"id\":1}}", NO_REPLY, null));
    all.add(c("deeply nested params", invoke("{\"capability\":\"hx.echo\",\"input\":{\"a\":" + "[".repeat(500) + "]".repeat(500)
      + "}}"), RESULT, null));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aHostileRequestGetsItsDocumentedAnswer(String name, String text, int code, String dataCode) {
    try (RawWebSocket ws = RawWebSocket.connect(dhii.runtime().httpPort(), null)) {
      assertEquals(101, ws.status);
      if (text.startsWith("BINARY:")) {
        ws.frame(true, 0, RawWebSocket.OP_BINARY, text.substring(7).getBytes(StandardCharsets.UTF_8));
      } else {
        ws.text(text);
      }
      if (code == BATCH) {
        JsonArray replies = assertInstanceOf(JsonArray.class, ws.json(), name);
        for (Object reply : replies) {
          JsonObject json = (JsonObject) reply;
          if (json.containsKey("error")) {
            assertNull(json.getJsonObject("error").getJsonObject("data") == null ? null
              : leakOf(json.getJsonObject("error")), name);
          }
        }
      } else if (code != NO_REPLY) {
        JsonObject reply = assertInstanceOf(JsonObject.class, ws.json(), name);
        assertEquals("2.0", reply.getString("jsonrpc"));
        if (code == RESULT) {
          assertNotNull(reply.getValue("result"), reply.encode());
          Object sent = Json.decodeValue(text);
          assertEquals(((JsonObject) sent).getValue("id"), reply.getValue("id"), "the reply carries the request's id");
        } else {
          JsonObject error = reply.getJsonObject("error");
          assertNotNull(error, reply.encode());
          assertEquals(code, error.getInteger("code"), reply.encode());
          BridgeHostile.assertNoLeak(error.getString("message"));
          if (dataCode == null) {
            assertNull(error.getValue("data"), reply.encode());
          } else {
            BridgeHostile.assertTyped(error.getJsonObject("data"), dataCode);
          }
        }
      }
      // the connection goes on: the next reply is the next request's
      ws.text(rpc("\"after\"", "invoke", "{\"capability\":\"hx.echo\",\"input\":{\"n\":1}}"));
      JsonObject after = assertInstanceOf(JsonObject.class, ws.json(), name);
      assertEquals("after", after.getValue("id"), after.encode());
      assertEquals(new JsonObject().put("n", 1), after.getJsonObject("result"));
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  private static String leakOf(JsonObject error) {
    BridgeHostile.assertNoLeak(error.getString("message"));
    return null;
  }
}

package dev.dhii.client;

import dev.dhii.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against stand-in capability consumers on a local event bus. */
class DhiiClientTest {

  record Greeting(String name, Integer times) {
  }

  record Reply(String text) {
  }

  static Vertx vertx;
  static DhiiClient client;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    client = DhiiClient.create(vertx, new DhiiClientOptions().setReplyGraceMs(100));
    vertx.eventBus().<JsonObject>consumer(Wire.capability("t.echo"), m -> {
      JsonObject headers = new JsonObject();
      m.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
      m.reply(new JsonObject().put("text", m.body().encode()).put("headers", headers),
        new DeliveryOptions().addHeader(Wire.HEADER_ATTEMPTS, "2"));
    }).completion().await(5, TimeUnit.SECONDS);
    vertx.eventBus().consumer(Wire.capability("t.silent"), m -> { }).completion().await(5, TimeUnit.SECONDS);
    vertx.sharedData().<String, String>getAsyncMap(Wire.CAPABILITY_DIRECTORY)
      .compose(map -> map.put("t.gone", "t")).await(5, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  static DhiiCallException failure(Future<?> call) {
    try {
      call.await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return assertInstanceOf(DhiiCallException.class, e);
    }
    throw new AssertionError("The call succeeded");
  }

  @Test
  void theCallCarriesTheRuntimesHeaders() throws Exception {
    var reply = client.request("t.echo", new JsonObject(), new InvokeOptions().setRequestId("r-1").setUserId("alice")
      .setTimeoutMs(1500).setAuthorization("Bearer t").setPayloadBytes(2)).await(5, TimeUnit.SECONDS);
    JsonObject headers = reply.body().getJsonObject("headers");
    assertEquals("r-1", headers.getString(Wire.HEADER_REQUEST_ID));
    assertEquals("alice", headers.getString(Wire.HEADER_USER_ID));
    assertEquals("1500", headers.getString(Wire.HEADER_TIMEOUT_MS));
    assertEquals("Bearer t", headers.getString(Wire.HEADER_AUTHORIZATION));
    assertEquals("2", headers.getString(Wire.HEADER_PAYLOAD_BYTES));
    assertEquals("2", reply.headers().get(Wire.HEADER_ATTEMPTS));
    JsonObject bare = client.invoke("t.echo", new JsonObject()).await(5, TimeUnit.SECONDS).getJsonObject("headers");
    assertTrue(bare.containsKey(Wire.HEADER_REQUEST_ID), "a request id is always sent");
    assertTrue(!bare.containsKey(Wire.HEADER_TIMEOUT_MS) && !bare.containsKey(Wire.HEADER_USER_ID), bare.encode());
  }

  @Test
  void recordsMapToJsonWithoutNullsAndBackIgnoringUnknownProperties() throws Exception {
    Reply reply = client.invoke("t.echo", new Greeting("bob", null), Reply.class).await(5, TimeUnit.SECONDS);
    assertEquals("{\"name\":\"bob\"}", reply.text(), "a null component is absent, not null");
  }

  @Test
  void inputThatIsNotAnObjectIsAValidationErrorBeforeAnythingIsSent() {
    assertEquals(ErrorCode.VALIDATION, failure(client.invoke("t.echo", "just text", Reply.class)).code());
  }

  @Test
  void outputThatDoesNotMapIsInternal() {
    record Strict(int text) {
    }
    assertEquals(ErrorCode.INTERNAL, failure(client.invoke("t.echo", new Greeting("x", 1), Strict.class)).code());
  }

  @Test
  void noAnswerByTheDeadlinePlusGraceIsTimeout() {
    long t0 = System.nanoTime();
    DhiiCallException e = failure(client.invoke("t.silent", new JsonObject(), new InvokeOptions().setTimeoutMs(100)
      .setRequestId("late")));
    assertEquals(ErrorCode.TIMEOUT, e.code());
    assertEquals("late", e.requestId());
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000);
  }

  @Test
  void aCapabilityNobodyServesIsNotFoundUnlessTheClusterServedIt() {
    DhiiCallException never = failure(client.invoke("t.never", new JsonObject()));
    assertEquals(ErrorCode.NOT_FOUND, never.code());
    DhiiCallException gone = failure(client.invoke("t.gone", new JsonObject()));
    assertEquals(ErrorCode.UNAVAILABLE, gone.code());
    assertEquals("t", gone.pluginId());
  }
}

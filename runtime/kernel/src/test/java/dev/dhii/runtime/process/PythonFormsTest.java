package dev.dhii.runtime.process;

import dev.dhii.runtime.bus.Addresses;
import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.kernel.PluginRecord;
import dev.dhii.runtime.kernel.PluginState;
import dev.dhii.runtime.testing.Await;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.RpcClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Python plugin form the SDK serves from a manifest alone ({@code runtime: process} and an
 * {@code entrypoint}, no {@code command}), in real processes, called over HTTP, the event bus and the
 * WebSocket: a v1 DomainModule with nullable results, a Glass Wall folder with a Dhii-Mail-format
 * manifest, Dhii-Mail main's PluginInterface and BasePlugin, and the seed contract (pydantic, async,
 * cancellation, its exceptions) installed with its requirements.txt into a virtual environment.
 */
class PythonFormsTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(plugins -> {
    for (String form : List.of("v1cal", "glass_notes", "mainiface", "baseplug", "seed", "badreq",
        // Dhii-Mail main's other folder shapes, with their own manifests unchanged (see DhiiMailManifest)
        "dm_mail", "dm_calendar", "dm_meeting", "dm_deals", "dm_check")) {
      copy(form);
    }
  }).conf(new JsonObject()
    // making the seed plugin's virtual environment (pip from the local wheelhouse) takes a few seconds
    .put("process", new JsonObject().put("readyTimeoutMs", 20000).put("pipArgs", new JsonArray().add("--retries").add("0")))
    .put("lifecycle", new JsonObject().put("stepTimeoutMs", 20000)))
    .startSeconds(120) // eleven Python plugins, one by one
    .build();

  private static void copy(String form) throws IOException, URISyntaxException {
    Path from = Path.of(PythonFormsTest.class.getResource("/process/forms/" + form).toURI());
    Path to = dhii.pluginDir().resolve(form);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static HttpResponse<Buffer> post(String capability, JsonObject body, Map<String, String> headers) throws Exception {
    var request = dhii.http().post("/v1/capabilities/" + capability + "/invoke").putHeader("content-type", "application/json");
    headers.forEach(request::putHeader);
    return request.sendBuffer(body.toBuffer()).await(20, TimeUnit.SECONDS);
  }

  private static JsonObject ok(String capability, JsonObject body) throws Exception {
    HttpResponse<Buffer> response = post(capability, body, Map.of());
    assertEquals(200, response.statusCode(), capability + ": " + response.bodyAsString());
    return response.bodyAsJsonObject().getJsonObject("result");
  }

  private static void ready(String pluginId) {
    PluginRecord plugin = dhii.runtime().registry().plugin(pluginId);
    assertEquals(PluginState.READY, plugin.state(), pluginId + ": " + plugin.cause());
  }

  private static JsonObject listed(String capability) throws Exception {
    JsonObject listing = dhii.http().get("/v1/capabilities").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    for (Object item : listing.getJsonArray("capabilities")) {
      if (item instanceof JsonObject c && capability.equals(c.getString("id"))) {
        return c;
      }
    }
    throw new AssertionError(capability + " is not listed: " + listing.encode());
  }

  @Test
  void aV1WriteWithNullMembersAnswersItsResultAndAppearsOnTheNextRead() throws Exception {
    ready("v1cal");
    JsonObject created = ok("cal.create_event", new JsonObject().put("title", "Standup"));
    assertEquals(true, created.getBoolean("success"));
    assertTrue(created.containsKey("error") && created.getValue("error") == null, "passed on as v1 gave it: " + created);
    String id = created.getString("event_id");
    assertNotNull(id);
    JsonObject read = ok("cal.get_event", new JsonObject().put("event_id", id));
    assertEquals("Standup", read.getJsonObject("event").getString("title"));
    // the v1 constructor wrote its database into its working directory: the plugin's data directory
    assertTrue(Files.isRegularFile(dhii.pluginDir().resolve("data").resolve("v1cal").resolve("cal_plugin.db")));
    assertFalse(Files.exists(dhii.pluginDir().resolve("v1cal").resolve("cal_plugin.db")));
  }

  @Test
  void aSchemaBreakingV1ResultIsPassedOnCountedAndNeverOpensTheBreaker() throws Exception {
    ready("v1cal");
    for (int i = 0; i < 6; i++) {
      assertEquals("many", ok("cal.count", new JsonObject()).getString("count"));
    }
    // the breaker (2 calls of a window of 4) would be open by now had these counted as failures
    assertEquals(false, ok("cal.get_event", new JsonObject().put("event_id", "none")).getBoolean("success"));
    String metrics = dhii.http().get("/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertTrue(metrics.contains("dhii_output_schema_violations_total{plugin=\"v1cal\",capability=\"cal.count\"} 6"), metrics);
  }

  @Test
  void aGlassWallFolderIsServedFromItsDhiiMailManifest() throws Exception {
    ready("glass_notes");
    JsonObject added = ok("glass_notes.add_note", new JsonObject().put("text", "buy milk"));
    assertEquals("card", added.getString("type"));
    JsonObject list = ok("glass_notes.list_notes", new JsonObject());
    assertTrue(list.getJsonArray("children").encode().contains("buy milk"), list.encode());
    JsonObject add = listed("glass_notes.add_note");
    assertEquals(5000L, add.getLong("timeoutMs"), add.encode());
    assertEquals(false, add.getBoolean("idempotent"), add.encode());
    JsonObject listing = listed("glass_notes.list_notes");
    assertEquals(true, listing.getBoolean("idempotent"), listing.encode());
    assertEquals(1000, listing.getInteger("rateLimitPerMinute"), listing.encode());
    // the event bus serves it as any capability
    JsonObject reply = dhii.vertx().eventBus().<JsonObject>request(Addresses.capability("glass_notes.list_notes"), new JsonObject())
      .await(10, TimeUnit.SECONDS).body();
    assertEquals("list", reply.getString("type"));
  }

  @Test
  void dhiiMailMainsPluginInterfaceAndBasePluginRun() throws Exception {
    ready("mainiface");
    ok("mainiface.increment", new JsonObject());
    assertEquals(1, ok("mainiface.get", new JsonObject()).getInteger("count"));
    ready("baseplug");
    assertEquals(1, ok("baseplug.add", new JsonObject().put("text", "write tests")).getInteger("id"));
    assertEquals(new JsonArray().add("write tests"), ok("baseplug.list", new JsonObject()).getJsonArray("todos"));
  }

  @Test
  void theSeedContractIsServedWithItsPydanticSchemasFromItsVirtualEnvironment() throws Exception {
    ready("seed");
    JsonObject echoed = ok("seed.echo", new JsonObject().put("text", "hi there"));
    assertEquals(new JsonArray().add("hi").add("there"), echoed.getJsonArray("words"));
    JsonObject echo = listed("seed.echo");
    assertTrue(echo.getJsonObject("inputSchema").getJsonArray("required").contains("text"), echo.encode());
    assertTrue(echo.getJsonArray("tags").contains("demo"), echo.encode());
    assertEquals(0, echo.getInteger("rateLimitPerMinute"), echo.encode());
    // the kernel validates against the model's schema before the process sees the call
    HttpResponse<Buffer> invalid = post("seed.echo", new JsonObject().put("times", 2), Map.of());
    assertEquals(400, invalid.statusCode(), invalid.bodyAsString());
    HttpResponse<Buffer> anonymous = post("seed.private", new JsonObject(), Map.of());
    assertEquals(401, anonymous.statusCode(), anonymous.bodyAsString());
    // pydantic came from the plugin's requirements.txt, into its own environment
    try (Stream<Path> venvs = Files.list(dhii.pluginDir().resolve("data").resolve(".venvs"))) {
      List<Path> made = venvs.filter(p -> p.getFileName().toString().startsWith("seed-")).toList();
      assertEquals(1, made.size(), made.toString());
      assertTrue(Files.isRegularFile(made.get(0).resolve(".dhii-complete")));
    }
  }

  @Test
  void eachSeedExceptionMapsToItsCode() throws Exception {
    ready("seed");
    Map<String, Integer> statuses = Map.of("validation", 400, "authentication", 401, "network", 502,
      "configuration", 500, "plugin", 500, "bug", 500);
    Map<String, String> codes = Map.of("validation", "VALIDATION", "authentication", "AUTHENTICATION", "network", "NETWORK",
      "configuration", "CONFIGURATION", "plugin", "INTERNAL", "bug", "INTERNAL");
    for (String how : statuses.keySet()) {
      HttpResponse<Buffer> failed = post("seed.fail", new JsonObject().put("how", how), Map.of());
      assertEquals(statuses.get(how), failed.statusCode(), how + ": " + failed.bodyAsString());
      assertEquals(codes.get(how), failed.bodyAsJsonObject().getJsonObject("error").getString("code"), how);
    }
  }

  @Test
  void theCancellationTokenIsSetAtTheDeadlineAndOnTheCallersCancel() throws Exception {
    ready("seed");
    HttpResponse<Buffer> late = post("seed.wait", new JsonObject().put("marker", "deadline"), Map.of("x-timeout-ms", "300"));
    // the kernel's deadline answers 504; on a busy machine the plugin's reply (its token set by the same
    // deadline) may arrive first, and is then passed on
    assertTrue(late.statusCode() == 504 || late.statusCode() == 200
      && "set".equals(late.bodyAsJsonObject().getJsonObject("result").getString("state")), late.bodyAsString());
    assertEquals("set", marker("deadline"));
    try (RpcClient rpc = RpcClient.connect(dhii.vertx(), dhii.runtime().httpPort(), null)) {
      rpc.send(1, "invoke", new JsonObject().put("capability", "seed.wait")
        .put("input", new JsonObject().put("marker", "caller")));
      Await.until(() -> Files.exists(dhii.pluginDir().resolve("data").resolve("seed").resolve("started-caller")), Duration.ofSeconds(10),
        "the call reached the process");
      assertEquals(true, rpc.call(2, "cancel", new JsonObject().put("id", 1)).getJsonObject("result").getBoolean("cancelled"));
      assertEquals("set", marker("caller"));
    }
  }

  private static String marker(String name) throws IOException {
    Path file = dhii.pluginDir().resolve("data").resolve("seed").resolve("cancel-" + name);
    // written by the plugin after it is created: wait for its content
    Await.until(() -> file.toFile().length() > 0, Duration.ofSeconds(10), "the plugin recorded its token for " + name);
    return Files.readString(file);
  }

  @Test
  void aRequirementsFileThatCannotBeInstalledFailsOnlyItsPluginWithPipsMessage() {
    PluginRecord bad = dhii.runtime().registry().plugin("badreq");
    assertEquals(PluginState.FAILED, bad.state());
    assertTrue(bad.cause().contains("dhii-no-such-package-for-tests"), bad.cause());
    assertTrue(bad.cause().contains("pip install"), bad.cause());
  }

  @Test
  void aMainEmailShapedFolderServesWhatRegisterPluginReturnsThoughItsPackageDoesNotImport() throws Exception {
    ready("dm_mail");
    JsonObject sent = ok("dm_mail.send", new JsonObject().put("to", "Ada <ada@example.com>").put("subject", "Hi"));
    assertEquals("sent", sent.getString("status"), sent.encode());
    JsonArray outbox = ok("dm_mail.outbox", new JsonObject()).getJsonArray("messages");
    assertTrue(outbox.encode().contains(sent.getString("message_id")) && outbox.encode().contains("ada@example.com"),
      outbox.encode());
    assertEquals(10000L, listed("dm_mail.send").getLong("timeoutMs"));
  }

  @Test
  void aMainCalendarShapedFolderServesTheCapabilitiesItsCodeAnnouncesWithoutAnEnvironment() throws Exception {
    ready("dm_calendar");
    String tomorrow = java.time.LocalDate.now().plusDays(1) + "T10:00:00";
    JsonObject created = ok("dmcal.create_event", new JsonObject().put("title", "Review").put("start_time", tomorrow));
    assertEquals(true, created.getBoolean("success"), created.encode());
    JsonObject events = ok("dmcal.get_events", new JsonObject());
    assertTrue(events.getJsonArray("events").encode().contains(created.getString("event_id")), events.encode());
    // the manifest's own ids are not served; its Python packages ({"pydantic": "^2.0.0"}) are the interpreter's
    assertEquals(404, post("dm_calendar.calendar_create_event", new JsonObject(), Map.of()).statusCode());
    try (Stream<Path> venvs = Files.list(dhii.pluginDir().resolve("data").resolve(".venvs"))) {
      assertTrue(venvs.noneMatch(p -> p.getFileName().toString().startsWith("dm_calendar-")));
    }
  }

  @Test
  void aMainMeetingShapedFolderServesItsEntryPointClassAndUsesTheSharedEventBus() throws Exception {
    ready("dm_meeting");
    String booking = ok("rooms.book", new JsonObject().put("room", "Blue")).getString("booking_id");
    JsonObject list = ok("rooms.list", new JsonObject());
    assertTrue(list.getJsonArray("bookings").encode().contains(booking), list.encode());
    assertTrue(list.getInteger("heard") >= 1, list.encode());
    assertEquals(10000L, listed("rooms.book").getLong("timeoutMs"));
    // manifest.json is the manifest; manifest_v2.json beside it is not read
    assertEquals(null, dhii.runtime().registry().plugin("dm_meeting_v2"));
  }

  @Test
  void aMainDealFlowShapedFolderStartsWithoutItsMissingDependencyAndKeepsItsDataInTheSharedDatabase() throws Exception {
    ready("dm_deals");
    String id = ok("deal.create", new JsonObject().put("title", "Initech").put("value", 1200)).getString("deal_id");
    JsonObject deals = ok("deal.list", new JsonObject());
    assertTrue(deals.getJsonArray("deals").encode().contains("Initech"), id + " " + deals.encode());
    JsonObject operation = ok("ui.board", new JsonObject()).getJsonArray("ui_operations").getJsonObject(0);
    assertEquals("replace", operation.getString("operation"), operation.encode());
    assertEquals("Board", operation.getJsonObject("properties").getJsonObject("component").getString("type"));
    assertTrue(Files.isRegularFile(dhii.pluginDir().resolve("data").resolve("dm_deals").resolve("kernel.db")));
  }

  @Test
  void aFrameworkShapedFolderWithoutPackageAnswersAndItsErrorsKeepTheirCodes() throws Exception {
    ready("dm_check");
    ok("dm_check.remember", new JsonObject().put("text", "milk"));
    assertTrue(ok("dm_check.recall", new JsonObject()).getJsonArray("notes").contains("milk"));
    HttpResponse<Buffer> refused = post("dm_check.refuse", new JsonObject(), Map.of());
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    String body = refused.bodyAsString();
    assertTrue(body.contains("\"/text\"") && body.contains("\"/when\"") && body.contains("must not be given"), body);
    HttpResponse<Buffer> stopped = post("dm_check.stop", new JsonObject(), Map.of());
    assertEquals(499, stopped.statusCode(), stopped.bodyAsString());
    assertEquals("CANCELLED", stopped.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }
}

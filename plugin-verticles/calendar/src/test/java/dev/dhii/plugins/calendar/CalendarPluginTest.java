package dev.dhii.plugins.calendar;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled manifest and the calendar plugin in a real runtime, with its database in a temporary data
 * directory. Each test uses its own organizer, attendees or date, so they share one database.
 */
class CalendarPluginTest {

  @TempDir
  static Path root;
  static Vertx vertx;
  static DhiiRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    // the bundled manifest as is, but loading the plugin from the test class path instead of its jars
    JsonObject manifest = new JsonObject(Files.readString(Path.of("../../manifests/calendar/manifest.json")));
    manifest.remove("classpath");
    Files.createDirectories(root.resolve("plugins/calendar"));
    Files.writeString(root.resolve("plugins/calendar/manifest.json"), manifest.encode());
    vertx = Vertx.vertx();
    runtime = startRuntime();
  }

  private static DhiiRuntime startRuntime() throws Exception {
    RuntimeOptions options = new RuntimeOptions(new JsonObject()
      .put("http", new JsonObject().put("port", 0).put("instances", 1))
      .put("tcpBridge", new JsonObject().put("port", 0))
      .put("plugins", new JsonObject().put("directories", new JsonArray().add(root.resolve("plugins").toString()))
        .put("dataDirectory", root.resolve("data").toString())));
    return DhiiRuntime.start(vertx, options).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    runtime.stop().await(20, TimeUnit.SECONDS);
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  static JsonObject call(String capability, JsonObject input) throws Exception {
    return runtime.dispatcher().invoke(CallRequest.of(capability, input)).await(10, TimeUnit.SECONDS).output();
  }

  static CallFailure failure(String capability, JsonObject input) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> runtime.dispatcher()
      .invoke(CallRequest.of(capability, input)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof CallFailure, String.valueOf(e.getCause()));
    return (CallFailure) e.getCause();
  }

  static JsonObject event(String organizer, String start, String end) {
    return new JsonObject().put("title", "Planning").put("organizer", organizer).put("start_time", start).put("end_time", end);
  }

  static String create(JsonObject event) throws Exception {
    JsonObject created = call("calendar.create_event", event);
    assertEquals(true, created.getBoolean("success"));
    return created.getString("event_id");
  }

  static JsonArray eventsOf(String organizer) throws Exception {
    JsonObject result = call("calendar.get_events", new JsonObject().put("organizer", organizer));
    assertEquals(result.getJsonArray("events").size(), result.getInteger("count"));
    return result.getJsonArray("events");
  }

  @Test
  void createdEventIsFoundByGetEventsWithTimesInUtc() throws Exception {
    String id = create(event("ana@example.com", "2030-01-07T10:00:00+02:00", "2030-01-07T11:30:00+02:00")
      .put("description", "Q1").put("location", "Room 4").put("attendees", new JsonArray().add("bo@example.com")));
    JsonArray events = eventsOf("ana@example.com");
    assertEquals(1, events.size());
    JsonObject found = events.getJsonObject(0);
    assertEquals(id, found.getString("event_id"));
    assertEquals("2030-01-07T08:00:00Z", found.getString("start_time"));
    assertEquals("2030-01-07T09:30:00Z", found.getString("end_time"));
    assertEquals("Room 4", found.getString("location"));
    assertEquals(new JsonArray().add("bo@example.com"), found.getJsonArray("attendees"));
  }

  @Test
  void getEventsReturnsEventsOverlappingTheDateRangeInStartOrder() throws Exception {
    String organizer = "range@example.com";
    String late = create(event(organizer, "2030-02-02T15:00:00Z", "2030-02-02T16:00:00Z"));
    String early = create(event(organizer, "2030-02-01T23:30:00Z", "2030-02-02T00:30:00Z"));
    create(event(organizer, "2030-02-03T09:00:00Z", "2030-02-03T10:00:00Z"));
    JsonObject result = call("calendar.get_events", new JsonObject().put("organizer", organizer)
      .put("start_date", "2030-02-02").put("end_date", "2030-02-02"));
    assertEquals(2, result.getInteger("count"));
    assertEquals(early, result.getJsonArray("events").getJsonObject(0).getString("event_id"));
    assertEquals(late, result.getJsonArray("events").getJsonObject(1).getString("event_id"));
  }

  @Test
  void updateChangesOnlyTheGivenFields() throws Exception {
    String id = create(event("upd@example.com", "2030-01-08T10:00:00Z", "2030-01-08T11:00:00Z").put("location", "Room 1"));
    JsonObject updated = call("calendar.update_event", new JsonObject().put("event_id", id).put("title", "Review")
      .put("end_time", "2030-01-08T12:00:00Z"));
    assertEquals(new JsonObject().put("event_id", id).put("success", true), updated);
    JsonObject found = eventsOf("upd@example.com").getJsonObject(0);
    assertEquals("Review", found.getString("title"));
    assertEquals("2030-01-08T10:00:00Z", found.getString("start_time"));
    assertEquals("2030-01-08T12:00:00Z", found.getString("end_time"));
    assertEquals("Room 1", found.getString("location"));
  }

  @Test
  void deleteRemovesTheEvent() throws Exception {
    String id = create(event("del@example.com", "2030-01-09T10:00:00Z", "2030-01-09T11:00:00Z"));
    assertEquals(new JsonObject().put("success", true), call("calendar.delete_event", new JsonObject().put("event_id", id)));
    assertEquals(0, eventsOf("del@example.com").size());
  }

  @Test
  void deletingOrUpdatingAnUnknownEventAnswersEventNotFoundAsV1Did() throws Exception {
    JsonObject notFound = new JsonObject().put("success", false).put("error", "Event not found");
    assertEquals(notFound, call("calendar.delete_event", new JsonObject().put("event_id", "no-such-event")));
    assertEquals(notFound, call("calendar.update_event", new JsonObject().put("event_id", "no-such-event").put("title", "x")));
  }

  @Test
  void endBeforeStartIsAValidationErrorPointingAtEndTime() throws Exception {
    CallFailure created = failure("calendar.create_event", event("val@example.com", "2030-01-10T10:00:00Z", "2030-01-10T09:00:00Z"));
    assertEquals("VALIDATION", created.error().code().name());
    assertTrue(created.error().details().encode().contains("/end_time"), created.error().details().encode());
    String id = create(event("val@example.com", "2030-01-10T10:00:00Z", "2030-01-10T11:00:00Z"));
    CallFailure updated = failure("calendar.update_event", new JsonObject().put("event_id", id).put("start_time", "2030-01-10T12:00:00Z"));
    assertEquals("VALIDATION", updated.error().code().name());
    assertEquals("2030-01-10T10:00:00Z", eventsOf("val@example.com").getJsonObject(0).getString("start_time"));
  }

  @Test
  void findAvailabilityStepsThirtyMinutesInsideDefaultWorkingHoursAndSkipsBookedSlots() throws Exception {
    create(event("carl@example.com", "2030-03-04T10:00:00Z", "2030-03-04T11:00:00Z"));
    create(event("someone@example.com", "2030-03-04T13:00:00Z", "2030-03-04T14:00:00Z")
      .put("attendees", new JsonArray().add("carl@example.com")));
    create(event("other@example.com", "2030-03-04T15:00:00Z", "2030-03-04T16:00:00Z"));
    JsonObject result = call("calendar.find_availability", new JsonObject().put("date", "2030-03-04")
      .put("duration_minutes", 60).put("attendees", new JsonArray().add("carl@example.com")));
    // starts 09:00..16:00 every 30 minutes, minus those overlapping carl's 10-11 and 13-14 (12:00-13:00 touches, is free)
    List<String> starts = starts(result);
    assertEquals(List.of("09:00", "11:00", "11:30", "12:00", "14:00", "14:30", "15:00", "15:30", "16:00"), starts);
    assertEquals(starts.size(), result.getInteger("count"));
    JsonObject first = result.getJsonArray("available_slots").getJsonObject(0);
    assertEquals(new JsonObject().put("start_time", "2030-03-04T09:00:00Z").put("end_time", "2030-03-04T10:00:00Z")
      .put("duration_minutes", 60), first);
  }

  @Test
  void findAvailabilityWithoutAttendeesCountsEveryEventAndHonoursCustomWorkingHours() throws Exception {
    create(event("dora@example.com", "2030-03-05T08:15:00Z", "2030-03-05T08:45:00Z"));
    JsonObject result = call("calendar.find_availability", new JsonObject().put("date", "2030-03-05")
      .put("duration_minutes", 30).put("working_hours_start", "7:30").put("working_hours_end", "09:30"));
    assertEquals(List.of("07:30", "09:00"), starts(result));
    assertEquals("VALIDATION", failure("calendar.find_availability", new JsonObject().put("date", "2030-03-05")
      .put("duration_minutes", 10)).error().code().name());
    assertEquals("VALIDATION", failure("calendar.find_availability", new JsonObject().put("date", "2030-03-05")
      .put("duration_minutes", 30).put("working_hours_start", "17:00").put("working_hours_end", "09:00")).error().code().name());
  }

  private static List<String> starts(JsonObject availability) {
    List<String> starts = new ArrayList<>();
    availability.getJsonArray("available_slots").forEach(s -> starts.add(((JsonObject) s).getString("start_time").substring(11, 16)));
    return starts;
  }

  @Test
  void eventsSurviveARedeploy() throws Exception {
    String id = create(event("redeploy@example.com", "2030-04-01T10:00:00Z", "2030-04-01T11:00:00Z"));
    runtime.kernel().redeploy("calendar").await(30, TimeUnit.SECONDS);
    assertEquals(id, eventsOf("redeploy@example.com").getJsonObject(0).getString("event_id"));
  }

  @Test
  void eventsSurviveARuntimeRestartOnTheSameDataDirectory() throws Exception {
    String id = create(event("restart@example.com", "2030-04-02T10:00:00Z", "2030-04-02T11:00:00Z"));
    runtime.stop().await(20, TimeUnit.SECONDS);
    runtime = startRuntime();
    assertEquals(id, eventsOf("restart@example.com").getJsonObject(0).getString("event_id"));
  }

  @Test
  void concurrentCreatesAllPersist() throws Exception {
    List<Future<?>> calls = IntStream.range(0, 40).mapToObj(i -> runtime.dispatcher().invoke(CallRequest.of(
      "calendar.create_event", event("many@example.com", "2030-05-01T10:00:00Z", "2030-05-01T10:30:00Z")
        .put("title", "Event " + i)))).<Future<?>>map(f -> f).toList();
    Future.all(calls).await(30, TimeUnit.SECONDS);
    assertEquals(40, eventsOf("many@example.com").size());
  }

  @Test
  void theDatabaseIsAWalSqliteFileInThePluginsDataDirectoryAndTheHealthCheckIsUp() throws Exception {
    Path file = root.resolve("data/calendar/" + CalendarPlugin.DATABASE_FILE);
    assertTrue(Files.isRegularFile(file), file.toString());
    org.sqlite.SQLiteDataSource reader = new org.sqlite.SQLiteDataSource();
    reader.setUrl("jdbc:sqlite:" + file);
    try (Connection c = reader.getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        assertTrue(rs.next());
        assertEquals("wal", rs.getString(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
        assertTrue(rs.next());
        assertEquals(StoreSchema.latest(), rs.getInt(1));
        assertFalse(rs.next());
      }
    }
    JsonObject health = runtime.health().checkStatus("calendar").await(10, TimeUnit.SECONDS).toJson();
    assertEquals("UP", health.getString("status"), health.encode());
  }
}

package dev.dhii.plugins.calendar;

import dev.dhii.api.Capability;
import dev.dhii.api.HealthStatus;
import dev.dhii.api.Plugin;
import dev.dhii.api.PluginConfigurationException;
import dev.dhii.api.PluginContext;
import dev.dhii.plugins.calendar.CalendarApi.Availability;
import dev.dhii.plugins.calendar.CalendarApi.CreateEvent;
import dev.dhii.plugins.calendar.CalendarApi.DeleteEvent;
import dev.dhii.plugins.calendar.CalendarApi.DeleteResult;
import dev.dhii.plugins.calendar.CalendarApi.EventResult;
import dev.dhii.plugins.calendar.CalendarApi.Events;
import dev.dhii.plugins.calendar.CalendarApi.FindAvailability;
import dev.dhii.plugins.calendar.CalendarApi.GetEvents;
import dev.dhii.plugins.calendar.CalendarApi.UpdateEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The calendar: Dhii-Mail v1's five calendar capabilities, with the events stored in
 * {@code calendar.db}, a SQLite file in the plugin's data directory. Handlers block on JDBC; they run
 * on the plugin's worker threads.
 */
public final class CalendarPlugin implements Plugin {

  /** The database file's name inside the plugin's data directory. */
  public static final String DATABASE_FILE = "calendar.db";
  static final Duration HEALTH_DEADLINE = Duration.ofSeconds(2);
  private static final long DEFAULT_BUSY_TIMEOUT_MS = 5000;

  private volatile CalendarStore store;
  private volatile Path databaseFile;
  private final CalendarHandlers handlers = new CalendarHandlers(this::store);

  private final List<Capability<?, ?>> capabilities = List.of(
    Capability.builder("calendar.create_event", CreateEvent.class, EventResult.class)
      .name("Create Event").description("Create a calendar event").tags("calendar")
      .requiresAuth(false).rateLimitPerMinute(0)
      .handler((in, ctx) -> Future.succeededFuture(handlers.create(in)))
      .build(),
    Capability.builder("calendar.get_events", GetEvents.class, Events.class)
      .name("Get Events").description("Get calendar events in a date range").tags("calendar")
      .requiresAuth(false).rateLimitPerMinute(0).idempotent(true)
      .handler((in, ctx) -> Future.succeededFuture(handlers.events(in)))
      .build(),
    Capability.builder("calendar.find_availability", FindAvailability.class, Availability.class)
      .name("Find Availability").description("Find free time slots").tags("calendar")
      .requiresAuth(false).rateLimitPerMinute(0).idempotent(true)
      .handler((in, ctx) -> Future.succeededFuture(handlers.availability(in)))
      .build(),
    Capability.builder("calendar.delete_event", DeleteEvent.class, DeleteResult.class)
      .name("Delete Event").description("Delete a calendar event").tags("calendar")
      .requiresAuth(false).rateLimitPerMinute(0)
      .handler((in, ctx) -> Future.succeededFuture(handlers.delete(in)))
      .build(),
    Capability.builder("calendar.update_event", UpdateEvent.class, EventResult.class)
      .name("Update Event").description("Update a calendar event").tags("calendar")
      .requiresAuth(false).rateLimitPerMinute(0)
      .handler((in, ctx) -> Future.succeededFuture(handlers.update(in)))
      .build());

  @Override
  public Future<Void> onLoad(PluginContext ctx, JsonObject config) {
    Duration busyTimeout = Duration.ofMillis(config.getLong("busyTimeoutMs", DEFAULT_BUSY_TIMEOUT_MS));
    Path file = ctx.dataDirectory().resolve(DATABASE_FILE);
    try {
      store = CalendarStore.open(file, busyTimeout);
    } catch (SQLException e) {
      return Future.failedFuture(new PluginConfigurationException("Cannot open " + file + ": " + e.getMessage(), e));
    }
    databaseFile = file;
    ctx.logger().info("calendar store open at {}", file);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> onUnload() {
    CalendarStore open = store;
    store = null;
    if (open == null) {
      return Future.succeededFuture();
    }
    try {
      open.close();
      return Future.succeededFuture();
    } catch (SQLException e) {
      return Future.failedFuture(e);
    }
  }

  /** UP when the database answers {@code SELECT 1} within two seconds, DOWN otherwise. */
  @Override
  public Future<HealthStatus> healthCheck() {
    CalendarStore open = store;
    if (open == null) {
      return Future.succeededFuture(HealthStatus.down("calendar store is not open"));
    }
    HealthStatus status = open.ping(HEALTH_DEADLINE) ? HealthStatus.up()
      : HealthStatus.down("calendar.db did not answer SELECT 1 within " + HEALTH_DEADLINE.toMillis() + " ms");
    return Future.succeededFuture(status.withDetails(Map.of("database", String.valueOf(databaseFile))));
  }

  @Override
  public List<Capability<?, ?>> capabilities() {
    return capabilities;
  }

  private CalendarStore store() {
    CalendarStore open = store;
    if (open == null) {
      throw new PluginConfigurationException("calendar store is not open");
    }
    return open;
  }
}

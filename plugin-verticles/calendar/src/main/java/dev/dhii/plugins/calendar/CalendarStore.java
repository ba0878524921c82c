package dev.dhii.plugins.calendar;

import dev.dhii.api.PluginException;
import io.vertx.core.json.JsonArray;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The events, in one SQLite database file. One connection serves the plugin's worker threads, one call
 * at a time under a lock (SQLite serialises writers anyway); every method blocks, so call it from a
 * worker thread, never from an event loop.
 */
final class CalendarStore implements AutoCloseable {

  private static final String COLUMNS = "id, title, description, start_ms, end_ms, location, attendees, organizer";

  private final Connection connection;
  private final Duration lockTimeout;
  private final ReentrantLock lock = new ReentrantLock();

  private CalendarStore(Connection connection, Duration lockTimeout) {
    this.connection = connection;
    this.lockTimeout = lockTimeout;
  }

  /**
   * Opens (creating it if needed) the database file, switches it to WAL and migrates its schema.
   *
   * @param file the database file
   * @param busyTimeout how long to wait for a lock held by another connection (during a redeploy the
   *     next generation opens the file while the previous one still drains), and for this store's lock
   */
  static CalendarStore open(Path file, Duration busyTimeout) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) busyTimeout.toMillis());
    // The data source calls the driver directly: DriverManager would not see a driver of a plugin's loader.
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    Connection connection = dataSource.getConnection();
    try {
      StoreSchema.migrate(connection);
      return new CalendarStore(connection, busyTimeout);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  void insert(Event event) {
    locked(() -> {
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO events (" + COLUMNS
        + ", created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        bind(ps, event);
        long now = System.currentTimeMillis();
        ps.setLong(9, now);
        ps.setLong(10, now);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Replaces an event by what {@code change} makes of it, atomically.
   *
   * @return the updated event, or empty if there is no event with that id
   */
  Optional<Event> update(String id, UnaryOperator<Event> change) {
    return locked(() -> {
      Optional<Event> current = find(id);
      if (current.isEmpty()) {
        return current;
      }
      Event updated = change.apply(current.get());
      try (PreparedStatement ps = connection.prepareStatement("UPDATE events SET id = ?, title = ?, description = ?,"
        + " start_ms = ?, end_ms = ?, location = ?, attendees = ?, organizer = ?, updated_ms = ? WHERE id = ?")) {
        bind(ps, updated);
        ps.setLong(9, System.currentTimeMillis());
        ps.setString(10, id);
        ps.executeUpdate();
      }
      return Optional.of(updated);
    });
  }

  /** @return whether an event was deleted */
  boolean delete(String id) {
    return locked(() -> {
      try (PreparedStatement ps = connection.prepareStatement("DELETE FROM events WHERE id = ?")) {
        ps.setString(1, id);
        return ps.executeUpdate() > 0;
      }
    });
  }

  /**
   * @param from only events ending after this, or {@code null}
   * @param to only events starting before this, or {@code null}
   * @param organizer only this organizer's events, or {@code null}
   * @return the events overlapping {@code [from, to)}, by start time
   */
  List<Event> overlapping(Instant from, Instant to, String organizer) {
    return locked(() -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM events"
        + " WHERE (?1 IS NULL OR end_ms > ?1) AND (?2 IS NULL OR start_ms < ?2) AND (?3 IS NULL OR organizer = ?3)"
        + " ORDER BY start_ms, end_ms, id")) {
        setInstant(ps, 1, from);
        setInstant(ps, 2, to);
        ps.setString(3, organizer);
        List<Event> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            events.add(read(rs));
          }
        }
        return events;
      }
    });
  }

  /**
   * Runs {@code SELECT 1}, waiting at most {@code deadline} for the store and the query.
   *
   * @return whether the database answered in time
   */
  boolean ping(Duration deadline) {
    try {
      if (!lock.tryLock(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout((int) Math.max(1, deadline.toSeconds()));
      try (ResultSet rs = statement.executeQuery("SELECT 1")) {
        return rs.next() && rs.getInt(1) == 1;
      }
    } catch (SQLException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      connection.close();
    } finally {
      lock.unlock();
    }
  }

  private Optional<Event> find(String id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static void bind(PreparedStatement ps, Event e) throws SQLException {
    ps.setString(1, e.id());
    ps.setString(2, e.title());
    ps.setString(3, e.description());
    ps.setLong(4, e.start().toEpochMilli());
    ps.setLong(5, e.end().toEpochMilli());
    ps.setString(6, e.location());
    ps.setString(7, new JsonArray(new ArrayList<>(e.attendees())).encode());
    ps.setString(8, e.organizer());
  }

  private static Event read(ResultSet rs) throws SQLException {
    List<String> attendees = new ArrayList<>();
    new JsonArray(rs.getString("attendees")).forEach(a -> attendees.add(String.valueOf(a)));
    return new Event(rs.getString("id"), rs.getString("title"), rs.getString("description"),
      Instant.ofEpochMilli(rs.getLong("start_ms")), Instant.ofEpochMilli(rs.getLong("end_ms")),
      rs.getString("location"), attendees, rs.getString("organizer"));
  }

  private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T locked(SqlWork<T> work) {
    try {
      if (!lock.tryLock(lockTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new PluginException("Calendar store busy for more than " + lockTimeout.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PluginException("Interrupted while waiting for the calendar store", e);
    }
    try {
      return work.run();
    } catch (SQLException e) {
      throw new PluginException("Calendar store failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }
}

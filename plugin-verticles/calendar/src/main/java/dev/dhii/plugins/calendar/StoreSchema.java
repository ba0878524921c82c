package dev.dhii.plugins.calendar;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database schema, as an ordered list of migrations. Version {@code n} is reached by running the
 * first {@code n} steps; {@code schema_version} records the version reached. Append steps, never edit
 * one that has shipped.
 */
final class StoreSchema {

  /** Migration steps; index 0 brings an empty database to version 1. */
  static final List<List<String>> MIGRATIONS = List.of(
    List.of(
      "CREATE TABLE events (id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT,"
        + " start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, location TEXT, attendees TEXT NOT NULL,"
        + " organizer TEXT, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL)",
      "CREATE INDEX events_by_start ON events (start_ms, end_ms)",
      "CREATE INDEX events_by_organizer ON events (organizer, start_ms)"));

  private StoreSchema() {
  }

  /** @return the version the current code expects */
  static int latest() {
    return MIGRATIONS.size();
  }

  /**
   * Brings the database to {@link #latest()} in one transaction.
   *
   * @return the version found before migrating (0 for a new database)
   * @throws SQLException if a step fails (nothing is changed then), or the database is newer than the code
   */
  static int migrate(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int found = 0;
      try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
        if (rs.next()) {
          found = rs.getInt(1);
        }
      }
      if (found > latest()) {
        throw new SQLException("calendar.db has schema version " + found + ", newer than this plugin's " + latest());
      }
      for (int step = found; step < latest(); step++) {
        for (String sql : MIGRATIONS.get(step)) {
          statement.execute(sql);
        }
      }
      if (found < latest()) {
        statement.execute("DELETE FROM schema_version");
        statement.execute("INSERT INTO schema_version (version) VALUES (" + latest() + ")");
      }
      connection.commit();
      return found;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}

package dev.dhii.runtime.manifest;

import java.nio.file.Path;

/**
 * One reason a manifest was rejected.
 *
 * @param file     the manifest file
 * @param pluginId the plugin's id, or {@code null} when it could not be read
 * @param pointer  the JSON pointer (RFC 6901) of the offending value, {@code ""} for the whole document
 * @param reason   what is wrong, for people
 */
public record ManifestProblem(Path file, String pluginId, String pointer, String reason) {

  /** A problem with the whole document (pointer {@code ""}). */
  public static ManifestProblem ofFile(Path file, String pluginId, String reason) {
    return new ManifestProblem(file, pluginId, "", reason);
  }

  /**
   * The problem in one line: {@code <file>: <pointer or "/">: <reason>}, with the plugin id after the
   * file when it is known: {@code plugins/email/manifest.json (email): /version: ...}.
   */
  public String message() {
    String where = pluginId == null ? String.valueOf(file) : file + " (" + pluginId + ")";
    return where + ": " + (pointer == null || pointer.isEmpty() ? "/" : pointer) + ": " + reason;
  }

  @Override
  public String toString() {
    return message();
  }
}

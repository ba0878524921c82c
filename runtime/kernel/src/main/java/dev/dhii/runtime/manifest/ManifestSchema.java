package dev.dhii.runtime.manifest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The manifest schema, read from the class path once, on first use. */
final class ManifestSchema {

  static final JsonObject JSON = load();

  private ManifestSchema() {
  }

  private static JsonObject load() {
    try (InputStream in = ManifestSchema.class.getResourceAsStream(ManifestReader.SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("manifest schema not found on the class path: " + ManifestReader.SCHEMA_RESOURCE);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ManifestReader.SCHEMA_RESOURCE, e);
    }
  }
}

package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The embedded defaults: conf/runtime.json, packaged as {@value RuntimeOptions#DEFAULTS_RESOURCE}, read once. */
final class EmbeddedDefaults {

  private static JsonObject cache;

  private EmbeddedDefaults() {
  }

  /** @return a copy of the embedded defaults */
  static synchronized JsonObject json() {
    if (cache == null) {
      try (InputStream in = RuntimeOptions.class.getClassLoader().getResourceAsStream(RuntimeOptions.DEFAULTS_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("Missing class-path resource " + RuntimeOptions.DEFAULTS_RESOURCE);
        }
        cache = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cache.copy();
  }
}

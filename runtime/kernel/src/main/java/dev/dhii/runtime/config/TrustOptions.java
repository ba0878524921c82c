package dev.dhii.runtime.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The trust policy of signed bundles, the {@code plugins.trust} block of conf/runtime.json, as written (the
 * trust package reads the keys).
 *
 * @param requireSigned whether install and load refuse a plugin not signed by a trusted key
 * @param publicKeys trusted Ed25519 public keys: PEM file paths (relative to the runtime's home) or inline PEM
 */
public record TrustOptions(boolean requireSigned, List<String> publicKeys) {

  /** By default unsigned bundles install (with a note) and unsigned plugin directories load. */
  public static final boolean DEFAULT_REQUIRE_SIGNED = false;
  /** No key is trusted by default. */
  public static final List<String> DEFAULT_PUBLIC_KEYS = List.of();
  /** The defaults. */
  public static final TrustOptions DEFAULTS = new TrustOptions(DEFAULT_REQUIRE_SIGNED, DEFAULT_PUBLIC_KEYS);

  /** Takes an unmodifiable copy. */
  public TrustOptions {
    publicKeys = List.copyOf(publicKeys);
  }

  /**
   * @param json the {@code plugins.trust} block
   * @return the options, defaults filled in
   * @throws IllegalArgumentException if a value has the wrong type
   */
  public static TrustOptions fromJson(JsonObject json) {
    Object require = json.getValue("requireSigned", DEFAULT_REQUIRE_SIGNED);
    if (!(require instanceof Boolean)) {
      throw new IllegalArgumentException("plugins.trust.requireSigned must be true or false: " + require);
    }
    Object keys = json.getValue("publicKeys", new JsonArray());
    if (!(keys instanceof JsonArray array)) {
      throw new IllegalArgumentException("plugins.trust.publicKeys must be a list of PEM files or PEM strings");
    }
    List<String> publicKeys = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String key) || key.isBlank()) {
        throw new IllegalArgumentException("plugins.trust.publicKeys[" + i + "] must be a PEM file path or a PEM string");
      }
      publicKeys.add(key);
    }
    return new TrustOptions((Boolean) require, publicKeys);
  }

  /** @return the block in the form of conf/runtime.json */
  public JsonObject toJson() {
    return new JsonObject().put("requireSigned", requireSigned).put("publicKeys", new JsonArray(publicKeys));
  }
}

package dev.dhii.runtime.trust;

import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.config.TrustOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Which bundle signers are trusted ({@code plugins.trust.publicKeys}, several at once for rotation) and whether a
 * plugin must be signed ({@code plugins.trust.requireSigned}). A signed bundle is always checked: a signature no
 * trusted key verifies is refused, whatever {@code requireSigned} says.
 */
public final class TrustPolicy {

  /** The runtime's own plugin directory under its home: part of the installation, never asked for a signature. */
  public static final String BUNDLED_DIRECTORY = "manifests";

  private final boolean requireSigned;
  private final List<TrustedKey> keys;
  private final Path bundled;

  /**
   * @param source where the key came from (a path as written, or "inline PEM")
   * @param id the key id
   * @param key the public key
   */
  public record TrustedKey(String source, String id, PublicKey key) {
  }

  /**
   * What the policy accepted.
   *
   * @param keyId the trusted key that verified the signature, or null for an unsigned plugin
   */
  public record Verdict(String keyId) {

    /** @return whether a trusted key signed it */
    public boolean signed() {
      return keyId != null;
    }
  }

  /**
   * @param requireSigned whether unsigned plugins are refused
   * @param keys the trusted keys
   * @param bundled the runtime's own plugin directory (its plugins load unsigned), or null
   */
  public TrustPolicy(boolean requireSigned, List<TrustedKey> keys, Path bundled) {
    this.requireSigned = requireSigned;
    this.keys = List.copyOf(keys);
    this.bundled = bundled == null ? null : bundled.toAbsolutePath().normalize();
  }

  /**
   * Reads the trusted keys of the configuration ({@code plugins.trust}, after {@code DHII_TRUSTED_KEYS} and
   * {@code DHII_REQUIRE_SIGNED}).
   *
   * @param options the configuration
   * @return the policy
   * @throws IllegalArgumentException naming the first key that cannot be read or is not an Ed25519 public key
   */
  public static TrustPolicy fromOptions(RuntimeOptions options) {
    TrustOptions trust = options.trust();
    List<TrustedKey> keys = new ArrayList<>();
    for (int i = 0; i < trust.publicKeys().size(); i++) {
      String entry = trust.publicKeys().get(i).strip();
      boolean inline = entry.startsWith("-----BEGIN");
      String source = inline ? "inline PEM" : entry;
      String where = "plugins.trust.publicKeys[" + i + "] (" + source + ")";
      String pem;
      try {
        pem = inline ? entry : Files.readString(options.home().resolve(entry).normalize());
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("invalid trusted key " + where + ": cannot read "
          + options.home().resolve(entry).normalize());
      }
      try {
        PublicKey key = Ed25519Keys.readPublic(pem);
        keys.add(new TrustedKey(source, Ed25519Keys.keyId(key), key));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid trusted key " + where + ": " + e.getMessage());
      }
    }
    return new TrustPolicy(trust.requireSigned(), keys, options.home().resolve(BUNDLED_DIRECTORY));
  }

  /** @return whether unsigned plugins are refused */
  public boolean requireSigned() {
    return requireSigned;
  }

  /** @return the trusted keys */
  public List<TrustedKey> keys() {
    return keys;
  }

  /**
   * @param what what is checked, for the reason ("the bundle", "plugin directory X")
   * @param sums the exact bytes of {@code SHA256SUMS}
   * @param signature the bytes of {@code SHA256SUMS.sig}, or null when there is none
   * @return the key that signed, or an unsigned verdict when that is allowed
   * @throws UntrustedException unsigned under requireSigned, malformed, untrusted or not matching
   */
  public Verdict verify(String what, byte[] sums, byte[] signature) throws UntrustedException {
    if (signature == null) {
      if (requireSigned) {
        throw new UntrustedException(what + " is not signed (no " + SignedSums.SIGNATURE_FILE
          + ") and plugins.trust.requireSigned is on");
      }
      return new Verdict(null);
    }
    SignedSums.Parsed parsed;
    try {
      parsed = SignedSums.parseSignature(signature);
    } catch (IllegalArgumentException e) {
      throw new UntrustedException(e.getMessage());
    }
    for (TrustedKey key : keys) {
      if (SignedSums.verifies(key.key(), sums, parsed.signature())) {
        return new Verdict(key.id());
      }
    }
    String claimed = parsed.claimedKeyId();
    if (claimed != null && keys.stream().anyMatch(k -> k.id().equals(claimed))) {
      throw new UntrustedException("the signature does not verify with trusted key " + claimed + ": "
        + SignedSums.FILE + " or " + SignedSums.SIGNATURE_FILE + " was changed after signing");
    }
    throw new UntrustedException(what + " is signed by " + (claimed == null ? "a key" : "key " + claimed)
      + " that is not trusted (trusted: " + (keys.isEmpty() ? "none" : keys.stream().map(TrustedKey::id).toList())
      + "; see plugins.trust.publicKeys or DHII_TRUSTED_KEYS)");
  }

  /**
   * Checks a plugin directory before it is loaded: under {@code requireSigned}, unless it is in the runtime's own
   * {@value #BUNDLED_DIRECTORY} directory, it must hold {@code SHA256SUMS} signed by a trusted key and its files
   * must be those {@code SHA256SUMS} lists, unchanged. Blocking file I/O: call it off the event loop.
   *
   * @param pluginDir the plugin's directory
   * @throws UntrustedException why it must not load
   */
  public void checkLoad(Path pluginDir) throws UntrustedException {
    Path dir = pluginDir.toAbsolutePath().normalize();
    if (!requireSigned || dir.getParent() != null && dir.getParent().equals(bundled)) {
      return;
    }
    InstalledFiles.check(this, dir);
  }
}

package dev.dhii.runtime.cli;

import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.trust.Ed25519Keys;
import dev.dhii.runtime.trust.SignedSums;
import dev.dhii.runtime.trust.TrustPolicy;
import dev.dhii.runtime.trust.UntrustedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/** What {@code plugin bundle --sign} and {@code plugin install} ask of the trust policy, in the command's words. */
final class BundleSigning {

  private BundleSigning() {
  }

  /** @param file a PKCS#8 PEM file @return its key @throws IllegalArgumentException if unreadable or not Ed25519 */
  static PrivateKey readKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the signing key " + file);
    }
    try {
      return Ed25519Keys.readPrivate(pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the signing key " + file + " is " + e.getMessage());
    }
  }

  /** @return how the bundle's checksums were signed, for the command's summary line */
  static String describe(PrivateKey key) {
    return key == null ? "" : ", signed by key " + Ed25519Keys.keyId(Ed25519Keys.publicKey(key)) + " in " + SignedSums.SIGNATURE_FILE;
  }

  /**
   * @param dir an extracted bundle, its checksums already verified
   * @return the verdict of the trust policy on its {@code SHA256SUMS} and {@code SHA256SUMS.sig}
   * @throws UntrustedException the reason install refuses it
   */
  static TrustPolicy.Verdict verify(TrustPolicy policy, Path dir) throws UntrustedException, IOException {
    Path signature = dir.resolve(SignedSums.SIGNATURE_FILE);
    return policy.verify("the bundle", Files.readAllBytes(dir.resolve(SignedSums.FILE)),
      Files.isRegularFile(signature) ? Files.readAllBytes(signature) : null);
  }

  /** @return the line install prints about the signature */
  static String note(TrustPolicy.Verdict verdict) {
    return verdict.signed() ? "Signature verified: signed by trusted key " + verdict.keyId() + "."
      : "Note: the bundle is not signed; it installs because plugins.trust.requireSigned is off.";
  }

  /** @return the options of {@code --conf} (else the defaults) with the {@code DHII_*} environment applied */
  static RuntimeOptions options(String conf) {
    try {
      RuntimeOptions options = conf != null ? RuntimeOptions.fromFile(Path.of(conf)) : new RuntimeOptions();
      return options.applyEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}

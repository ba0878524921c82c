package dev.dhii.runtime.auth;

import dev.dhii.runtime.config.JwtOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HMAC secret of a runtime with no key configured (secure by default): made on the first start, or
 * the first {@code dhii token}, in the data directory as {@value #FILE} (mode 0600, 48 random bytes in
 * base64url). It is written to a private temporary file and hard-linked into place, so concurrent first
 * starts agree on one secret: whoever links first wins, the others read it.
 */
public final class GeneratedSecret {

  /** The file name of the secret in the data directory. */
  public static final String FILE = "jwt-secret";

  private static final Logger LOG = LoggerFactory.getLogger(GeneratedSecret.class);
  private static final Set<Path> ANNOUNCED = ConcurrentHashMap.newKeySet();

  private GeneratedSecret() {
  }

  /**
   * @param dataDirectory the runtime's data directory (created if missing)
   * @return the secret, read from {@value #FILE} or made now
   * @throws UncheckedIOException if it can be neither read nor written
   * @throws IllegalArgumentException if the file holds fewer than 32 bytes
   */
  public static String loadOrCreate(Path dataDirectory) {
    Path file = dataDirectory.toAbsolutePath().normalize().resolve(FILE);
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (secret.getBytes(StandardCharsets.UTF_8).length < JwtOptions.MIN_SECRET_BYTES) {
        throw new IllegalArgumentException("The JWT secret file " + file + " holds fewer than "
          + JwtOptions.MIN_SECRET_BYTES + " bytes: delete it to have a new one made, or configure auth.jwt.secret");
      }
      if (ANNOUNCED.add(file)) {
        LOG.info("No JWT key configured: tokens are signed with the generated secret in {} (mode 0600); mint an admin"
          + " token with: ./dhii token --role admin", file);
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the JWT secret file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    Path tmp = Files.createTempFile(file.getParent(), "." + FILE + "-", ".tmp",
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n", StandardCharsets.UTF_8);
      try {
        Files.createLink(file, tmp); // atomic, and fails if another start made the file first
      } catch (FileAlreadyExistsException e) {
        return; // a concurrent first start won: its secret is the one
      } catch (UnsupportedOperationException e) {
        try {
          Files.move(tmp, file); // no hard links here: a move that does not replace
        } catch (FileAlreadyExistsException lost) {
          return;
        }
      }
      LOG.warn("No JWT key configured: generated a secret in {}", file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

package dev.dhii.runtime.cli;

/** A command line that cannot be understood; {@code dhii} prints it with the usage and exits 2. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}

package dev.dhii.runtime.cli;

import dev.dhii.runtime.auth.Authenticators;
import dev.dhii.runtime.auth.TokenIssuer;
import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dhii token --sub USER [--role ROLE]... [--ttl 1h] [--conf FILE]}: prints a token signed with the
 * configured HMAC secret ({@code auth.jwt.secret} or {@code DHII_JWT_SECRET}), or with none configured, the
 * one generated in the data directory ({@code data/jwt-secret}, made now if the runtime has not made it yet),
 * which a running {@code dhii serve} with the same data directory accepts. {@code --role admin} alone
 * means {@code --sub admin}.
 */
final class TokenCommand {

  static final Set<String> FLAGS = Set.of("sub", "role*", "ttl", "conf");
  static final Duration DEFAULT_TTL = Duration.ofHours(1);
  private static final Pattern TTL = Pattern.compile("(\\d{1,9})([smhd]?)");

  private TokenCommand() {
  }

  static int run(Flags flags) {
    return run(flags, System.getenv(), System.out, System.err);
  }

  static int run(Flags flags, Map<String, String> env, PrintStream out, PrintStream err) {
    String subject = flags.get("sub");
    if ((subject == null || subject.isBlank()) && flags.list("role").contains("admin")) {
      subject = "admin"; // ./dhii token --role admin
    }
    if (subject == null || subject.isBlank()) {
      throw new UsageException("token needs --sub USER (or --role admin)");
    }
    Duration ttl = flags.has("ttl") ? parseTtl(flags.get("ttl")) : DEFAULT_TTL;
    Vertx vertx = null;
    try {
      RuntimeOptions options = flags.has("conf") ? RuntimeOptions.fromFile(Path.of(flags.get("conf"))) : new RuntimeOptions();
      options.applyEnvironment(env);
      vertx = Vertx.vertx();
      TokenIssuer issuer = new TokenIssuer(vertx, Authenticators.jwtOptions(options));
      out.println(issuer.issue(subject, flags.list("role"), ttl));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("dhii token: " + e.getMessage());
      return 2;
    } finally {
      if (vertx != null) {
        close(vertx);
      }
    }
  }

  private static void close(Vertx vertx) {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // the token is printed already; the process exits anyway
    }
  }

  /**
   * @param text {@code 3600}, {@code 3600s}, {@code 30m}, {@code 1h} or {@code 7d}
   * @return the duration
   * @throws UsageException if it is none of these, or zero
   */
  static Duration parseTtl(String text) {
    Matcher m = TTL.matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new UsageException("--ttl must be a positive number of seconds, or end in s, m, h or d (e.g. 30m, 1h): " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }
}

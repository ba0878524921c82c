package dev.dhii.runtime.cli;

import dev.dhii.runtime.auth.Authenticators;
import dev.dhii.runtime.auth.TokenIssuer;
import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
@Command(name = "token", description = "Print a development token (JWT) signed with the configured HS256 secret, or the"
  + " one generated in the data directory.")
final class TokenCommand implements Callable<Integer> {

  private static final Pattern TTL = Pattern.compile("(\\d{1,9})([smhd]?)");

  @Spec
  CommandSpec spec;
  @Option(names = "--sub", paramLabel = "USER", description = "The subject (--role admin alone means --sub admin).")
  String sub;
  @Option(names = "--role", paramLabel = "ROLE", split = ",", showDefaultValue = Help.Visibility.NEVER,
    description = "A role; repeat it or separate roles with commas.")
  List<String> role;
  @Option(names = "--ttl", paramLabel = "TTL", defaultValue = "1h", description = "Lifetime: seconds, or 30m, 1h, 7d.")
  String ttl;
  @Option(names = "--conf", paramLabel = "FILE", description = "The configuration holding the key.")
  String conf;

  /** The environment the configuration reads. */
  Map<String, String> env = System.getenv();

  /** @return the roles given, trimmed, without blanks */
  List<String> roles() {
    return role == null ? List.of() : role.stream().map(String::trim).filter(r -> !r.isEmpty()).toList();
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String subject = sub;
    if ((subject == null || subject.isBlank()) && roles().contains("admin")) {
      subject = "admin"; // ./dhii token --role admin
    }
    if (subject == null || subject.isBlank()) {
      throw new UsageException("token needs --sub USER (or --role admin)");
    }
    Duration ttl = parseTtl(this.ttl);
    Vertx vertx = null;
    try {
      RuntimeOptions options = conf != null ? RuntimeOptions.fromFile(Path.of(conf)) : new RuntimeOptions();
      options.applyEnvironment(env);
      vertx = Vertx.vertx();
      TokenIssuer issuer = new TokenIssuer(vertx, Authenticators.jwtOptions(options));
      out.println(issuer.issue(subject, roles(), ttl));
      return 0;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage()); // a configuration that cannot sign: exit 2, as a bad option
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

package dev.dhii.plugins.email;

import dev.dhii.api.Capability;
import dev.dhii.api.HealthStatus;
import dev.dhii.api.Plugin;
import dev.dhii.api.PluginContext;
import dev.dhii.api.PluginException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Store;
import jakarta.mail.Transport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Email over SMTP and IMAP with Jakarta Mail: {@code email.send}, {@code email.receive} and
 * {@code email.search}, with Dhii-Mail v1's ids and inputs. Mail calls block, on the plugin's worker
 * threads; nothing connects at load time, so an unreachable server leaves the plugin loaded with its
 * health DOWN and its calls failing with network errors.
 */
public final class EmailPlugin implements Plugin {

  /** How long each server may take to answer a health check; both together stay under the runtime's 2 s. */
  static final Duration HEALTH_CHECK_BUDGET = Duration.ofMillis(900);

  private volatile EmailConfig config;
  private volatile SmtpSender sender;
  private volatile MailReader reader;

  private final Capability<SendEmail.Input, SendEmail.Result> send =
    Capability.builder("email.send", SendEmail.Input.class, SendEmail.Result.class)
      .name("Send Email")
      .description("Send an email message")
      .tags("email", "email_sent")
      .handler((in, ctx) -> Future.succeededFuture(sender.send(in, ctx)))
      .build();

  private final Capability<ReceiveEmails.Input, ReceiveEmails.Result> receive =
    Capability.builder("email.receive", ReceiveEmails.Input.class, ReceiveEmails.Result.class)
      .name("Receive Emails")
      .description("Fetch emails from mailbox")
      .tags("email", "email_fetched")
      .idempotent(true)
      .handler((in, ctx) -> Future.succeededFuture(reader.receive(in, ctx)))
      .build();

  private final Capability<SearchEmails.Input, SearchEmails.Result> search =
    Capability.builder("email.search", SearchEmails.Input.class, SearchEmails.Result.class)
      .name("Search Emails")
      .description("Search emails by criteria")
      .tags("email")
      .idempotent(true)
      .handler((in, ctx) -> Future.succeededFuture(reader.search(in, ctx)))
      .build();

  @Override
  public Future<Void> onLoad(PluginContext ctx, JsonObject json) {
    EmailConfig parsed = EmailConfig.from(json, System.getenv());
    config = parsed;
    sender = new SmtpSender(parsed);
    reader = new MailReader(parsed);
    ctx.logger().info("Email plugin: SMTP {}, IMAP {}, from {}", parsed.smtp(), parsed.imap(), parsed.from());
    return Future.succeededFuture();
  }

  @Override
  public List<Capability<?, ?>> capabilities() {
    return List.of(send, receive, search);
  }

  /** Connects to both servers (SMTP with a NOOP, IMAP with a login): UP if both answer, else DOWN with why. */
  @Override
  public Future<HealthStatus> healthCheck() {
    EmailConfig c = config;
    if (c.imap().username() == null) {
      // a fresh install has no mail account: that is a configuration still to do, not an outage
      return Future.succeededFuture(HealthStatus.degraded("not configured: no mail account (set config.imap.username"
        + " and password, and config.smtp)").withDetails(Map.of("smtp", "not configured", "imap", "not configured")));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("smtp", check(() -> {
      try (Transport transport = sender.connect(MailSessions.session("smtp", c.smtp(), c.connectTimeoutMs(), c.readTimeoutMs(), HEALTH_CHECK_BUDGET))) {
        if (!transport.isConnected()) {
          throw new PluginException("SMTP server " + c.smtp().address() + " did not answer NOOP");
        }
      }
    }));
    details.put("imap", check(() -> {
      try (Store ignored = reader.connect(MailSessions.session("imap", c.imap(), c.connectTimeoutMs(), c.readTimeoutMs(), HEALTH_CHECK_BUDGET))) {
        // logged in: the server answers and accepts the credentials
      }
    }));
    String problems = details.values().stream().filter(v -> !"UP".equals(v)).map(String::valueOf)
      .reduce((a, b) -> a + "; " + b).orElse(null);
    HealthStatus status = problems == null ? HealthStatus.up() : HealthStatus.down(problems);
    return Future.succeededFuture(status.withDetails(details));
  }

  private interface Probe {
    void run() throws Exception;
  }

  private static String check(Probe probe) {
    try {
      probe.run();
      return "UP";
    } catch (PluginException e) {
      return e.getMessage();
    } catch (Exception e) {
      return MailFailures.reason(e);
    }
  }
}

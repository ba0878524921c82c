package dev.dhii.plugins.email;

import jakarta.mail.Session;

import java.time.Duration;
import java.util.Properties;

/** Builds Jakarta Mail sessions for one server, with timeouts that end before the call's deadline. */
final class MailSessions {

  /** The shortest timeout worth trying: below it the call has no time left anyway. */
  private static final long MIN_TIMEOUT_MS = 100;

  private MailSessions() {
  }

  /**
   * @param protocol {@code smtp} or {@code imap}
   * @param server the server
   * @param connectMs the configured connect timeout
   * @param readMs the configured read timeout
   * @param remaining the time left until the call's deadline
   * @return a session for {@code protocol} on {@code server}
   */
  static Session session(String protocol, EmailConfig.Server server, long connectMs, long readMs, Duration remaining) {
    // leave a tenth of the remaining time to report the failure before the caller gives up
    long budget = Math.max(MIN_TIMEOUT_MS, remaining.toMillis() - remaining.toMillis() / 10);
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.setProperty(p + "host", server.host());
    props.setProperty(p + "port", Integer.toString(server.port()));
    props.setProperty(p + "connectiontimeout", Long.toString(Math.min(connectMs, budget)));
    props.setProperty(p + "timeout", Long.toString(Math.min(readMs, budget)));
    // no mail.<protocol>.writetimeout: Angus enforces it with a thread pool per connection
    props.setProperty(p + "ssl.enable", Boolean.toString(server.ssl()));
    props.setProperty(p + "ssl.checkserveridentity", "true");
    props.setProperty(p + "starttls.enable", Boolean.toString(server.starttls()));
    props.setProperty(p + "starttls.required", Boolean.toString(server.starttls()));
    props.setProperty(p + "auth", Boolean.toString(server.username() != null));
    if ("imap".equals(protocol)) {
      // a read-only folder is opened with EXAMINE and bodies are fetched with BODY.PEEK: reading marks nothing seen
      props.setProperty(p + "peek", "true");
    }
    return Session.getInstance(props);
  }
}

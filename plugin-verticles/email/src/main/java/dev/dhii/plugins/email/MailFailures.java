package dev.dhii.plugins.email;

import dev.dhii.api.PluginAuthenticationException;
import dev.dhii.api.PluginException;
import dev.dhii.api.PluginNetworkException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/** Maps Jakarta Mail failures to the runtime's typed errors. */
final class MailFailures {

  private MailFailures() {
  }

  /**
   * A failure while connecting to (and logging in at) a server: nothing was sent yet.
   *
   * @param what {@code SMTP server} or {@code IMAP server}
   * @param server the server
   * @param e the failure
   * @return an authentication error for refused credentials, else a network error that says
   *     nothing was done when the connection itself could not be made
   */
  static PluginException connecting(String what, EmailConfig.Server server, MessagingException e) {
    if (e instanceof AuthenticationFailedException) {
      return new PluginAuthenticationException(what + " " + server.address() + " refused the credentials of "
        + (server.username() == null ? "(no username)" : server.username()));
    }
    boolean refused = causedBy(e, ConnectException.class) || causedBy(e, UnknownHostException.class)
      || causedBy(e, NoRouteToHostException.class);
    return new PluginNetworkException("Cannot connect to " + what + " " + server.address() + ": " + reason(e), e, refused);
  }

  /**
   * A failure once connected: the server may have acted on what it received.
   *
   * @param what what was being done, e.g. {@code Sending mail through SMTP server}
   * @param server the server
   * @param e the failure
   * @return a network error that does not claim nothing was done
   */
  static PluginNetworkException talking(String what, EmailConfig.Server server, Exception e) {
    return new PluginNetworkException(what + " " + server.address() + " failed: " + reason(e), e, false);
  }

  /** @param e a failure @return its innermost message, for callers and health reports */
  static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return t == e ? message : message + " (" + t.getClass().getSimpleName() + ")";
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}

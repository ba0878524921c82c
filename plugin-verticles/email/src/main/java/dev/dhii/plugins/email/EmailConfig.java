package dev.dhii.plugins.email;

import dev.dhii.api.PluginConfigurationException;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.Map;

/**
 * The plugin's configuration, read once from the manifest's {@code config}:
 * <pre>{@code
 * { "smtp": {"host", "port", "ssl", "starttls", "username", "password", "passwordEnv"},
 *   "imap": {"host", "port", "ssl", "username", "password", "passwordEnv"},
 *   "from": "dhii@localhost",
 *   "timeouts": {"connectMs": 5000, "readMs": 10000} }
 * }</pre>
 *
 * @param smtp the outgoing server
 * @param imap the incoming server
 * @param from the sender address of sent mail
 * @param connectTimeoutMs the longest a connection may take to open
 * @param readTimeoutMs the longest a server may take to answer
 */
public record EmailConfig(Server smtp, Server imap, String from, int connectTimeoutMs, int readTimeoutMs) {

  /** Default SMTP port: GreenMail's, so that a development server works out of the box. */
  public static final int DEFAULT_SMTP_PORT = 3025;
  /** Default IMAP port: GreenMail's. */
  public static final int DEFAULT_IMAP_PORT = 3143;
  /** Default host. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Default sender address. */
  public static final String DEFAULT_FROM = "dhii@localhost";
  /** Default connect timeout. */
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5000;
  /** Default read timeout. */
  public static final int DEFAULT_READ_TIMEOUT_MS = 10000;

  /**
   * One mail server.
   *
   * @param host the host name
   * @param port the port
   * @param ssl whether to connect with TLS from the start
   * @param starttls whether to upgrade to TLS with STARTTLS (SMTP only)
   * @param username the login, or {@code null} to connect without authenticating (SMTP only)
   * @param password the password, or {@code null}
   */
  public record Server(String host, int port, boolean ssl, boolean starttls, String username, String password) {

    /** @return {@code host:port}, for messages */
    public String address() {
      return host + ":" + port;
    }

    @Override
    public String toString() {
      return "Server{" + address() + ", ssl=" + ssl + ", starttls=" + starttls + ", username=" + username + "}";
    }
  }

  /**
   * Reads the configuration; a password may instead come from the environment variable named by
   * {@code passwordEnv}, which wins when it is set.
   *
   * @param config the plugin's configuration
   * @param env the environment (the process's, or a test's)
   * @return the configuration
   * @throws PluginConfigurationException when a value is missing or malformed
   */
  public static EmailConfig from(JsonObject config, Map<String, String> env) {
    try {
      JsonObject timeouts = config.getJsonObject("timeouts", new JsonObject());
      String from = config.getString("from", DEFAULT_FROM);
      try {
        new InternetAddress(from, true);
      } catch (AddressException e) {
        throw new PluginConfigurationException("config.from is not a mail address: " + from);
      }
      return new EmailConfig(server("smtp", config.getJsonObject("smtp", new JsonObject()), DEFAULT_SMTP_PORT, env),
        server("imap", config.getJsonObject("imap", new JsonObject()), DEFAULT_IMAP_PORT, env), from,
        positive("timeouts.connectMs", timeouts.getInteger("connectMs", DEFAULT_CONNECT_TIMEOUT_MS)),
        positive("timeouts.readMs", timeouts.getInteger("readMs", DEFAULT_READ_TIMEOUT_MS)));
    } catch (ClassCastException e) {
      throw new PluginConfigurationException("Email configuration has a value of the wrong type: " + e.getMessage(), e);
    }
  }

  private static Server server(String name, JsonObject json, int defaultPort, Map<String, String> env) {
    String host = json.getString("host", DEFAULT_HOST);
    if (host.isBlank()) {
      throw new PluginConfigurationException("config." + name + ".host is empty");
    }
    int port = json.getInteger("port", defaultPort);
    if (port < 1 || port > 65535) {
      throw new PluginConfigurationException("config." + name + ".port is not a port: " + port);
    }
    String password = json.getString("password");
    String passwordEnv = json.getString("passwordEnv");
    if (passwordEnv != null && env.get(passwordEnv) != null) {
      password = env.get(passwordEnv);
    }
    return new Server(host, port, json.getBoolean("ssl", false), json.getBoolean("starttls", false),
      json.getString("username"), password);
  }

  private static int positive(String key, int value) {
    if (value <= 0) {
      throw new PluginConfigurationException("config." + key + " must be positive: " + value);
    }
    return value;
  }
}

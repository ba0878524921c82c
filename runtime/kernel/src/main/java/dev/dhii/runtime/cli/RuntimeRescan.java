package dev.dhii.runtime.cli;

import dev.dhii.runtime.auth.Authenticators;
import dev.dhii.runtime.auth.TokenIssuer;
import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code dhii plugin install} does after extracting (unless {@code --no-rescan}): asks a running runtime
 * to rescan its plugin folders ({@code POST /v1/plugins/rescan}), with a one-minute admin token signed by the
 * configuration's key (as {@code dhii token --role admin} makes), at {@code --url}, else {@code DHII_URL}, else
 * the configured HTTP host and port. A plugin replaced in place ({@code --force}) with an unchanged manifest is
 * then redeployed ({@code POST /v1/plugins/<id>/redeploy}), so its new code serves. No runtime there: the plugin
 * loads at its next start (exit 0). A refused rescan, or the installed plugin failing to start: exit 1 with the
 * reason.
 */
final class RuntimeRescan {

  /** How long the rescan may take: it starts the new plugin (a Python one may make its environment first). */
  static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private RuntimeRescan() {
  }

  /**
   * @param options the configuration install read (the HTTP bridge's address, the key), environment applied
   * @param url the runtime's base URL, or null
   * @param pluginId the plugin just installed
   * @param env the environment ({@code DHII_URL})
   * @param out where the outcome goes
   * @param err where failures go
   * @return the exit code: 0 rescanned (or no runtime listening), 1 refused or failed
   */
  static int run(RuntimeOptions options, String url, String pluginId, Map<String, String> env, PrintWriter out,
    PrintWriter err) {
    String base = url != null ? url : env.get("DHII_URL") != null ? env.get("DHII_URL") : configuredUrl(options);
    String root = base.replaceAll("/+$", "");
    try {
      URI check = URI.create(root);
      if (check.getScheme() == null || check.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException("--url is not a URL: " + base);
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    String token = adminToken(options);
    JsonObject body;
    try {
      body = post(client, root + "/v1/plugins/rescan", token, "rescan", base, err);
      if (body == null) {
        return 1;
      }
      out.println("Rescanned the runtime at " + base + ": added " + body.getJsonArray("added") + ", removed "
        + body.getJsonArray("removed") + ", redeployed " + body.getJsonArray("redeployed"));
      boolean installedFailed = false;
      for (Object f : body.getJsonArray("failed")) {
        JsonObject failure = (JsonObject) f;
        installedFailed |= pluginId.equals(failure.getString("id"));
        err.println((pluginId.equals(failure.getString("id")) ? "dhii plugin install: " : "  (another plugin) ")
          + failure.getString("id") + " failed to start: " + failure.getJsonObject("error").getString("message"));
      }
      if (installedFailed) {
        return 1;
      }
      if (!body.getJsonArray("added").contains(pluginId) && !body.getJsonArray("redeployed").contains(pluginId)) {
        // replaced with the same manifest: the rescan sees no change, the code changed
        JsonObject redeployed = post(client, root + "/v1/plugins/" + pluginId + "/redeploy", token, "redeploy", base, err);
        if (redeployed == null) {
          return 1;
        }
        out.println("Redeployed " + pluginId + " (generation " + redeployed.getValue("generation") + ")");
      }
      return 0;
    } catch (ConnectException | HttpConnectTimeoutException e) {
      out.println("no runtime at " + base + "; the plugin loads at its next start");
      return 0;
    } catch (HttpTimeoutException e) {
      err.println("dhii plugin install: the runtime at " + base + " did not answer within " + TIMEOUT.toMinutes() + " minutes");
      return 1;
    } catch (IOException e) {
      err.println("dhii plugin install: the rescan at " + base + " failed: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** @return the 200 answer, or null (the reason printed) when refused */
  private static JsonObject post(HttpClient client, String uri, String token, String what, String base, PrintWriter err)
    throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT)
      .header("authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    JsonObject body;
    try {
      body = new JsonObject(response.body());
    } catch (DecodeException | ClassCastException e) {
      err.println("dhii plugin install: the " + what + " at " + base + " answered " + response.statusCode() + " without JSON");
      return null;
    }
    if (response.statusCode() != 200) {
      JsonObject error = body.getJsonObject("error", new JsonObject());
      err.println("dhii plugin install: the runtime at " + base + " refused the " + what + " (" + response.statusCode()
        + " " + error.getString("code", "?") + "): " + error.getString("message", body.encode()));
      return null;
    }
    return body;
  }

  /** @return {@code http://host:port} of the configured HTTP bridge (a wildcard host is reached on 127.0.0.1) */
  static String configuredUrl(RuntimeOptions options) {
    return url(options.httpHost(), options.httpPort());
  }

  /** @return {@code http://host:port}, a wildcard host reached on 127.0.0.1 and an IPv6 literal in brackets */
  static String url(String host, int port) {
    if (host == null || host.isBlank() || RuntimeOptions.wildcardHost(host)) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port;
  }

  private static String adminToken(RuntimeOptions options) {
    Vertx vertx = Vertx.vertx();
    try {
      return new TokenIssuer(vertx, Authenticators.jwtOptions(options)).issue("dhii-install", List.of("admin"),
        Duration.ofMinutes(1));
    } finally {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // the token is made; the process exits anyway
      }
    }
  }
}

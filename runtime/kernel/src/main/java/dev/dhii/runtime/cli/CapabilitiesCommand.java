package dev.dhii.runtime.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code dhii capabilities list|describe ID [--url URL] [--token T]}: a running runtime's capabilities, one line
 * each ({@code GET /v1/capabilities}), or one capability's listing entry with both schemas
 * ({@code GET /v1/capabilities/{id}}).
 */
final class CapabilitiesCommand {

  static final Set<String> FLAGS = Set.of("url", "token");

  private CapabilitiesCommand() {
  }

  static int run(Flags flags, PrintStream out, PrintStream err) {
    var args = flags.positional();
    boolean list = args.size() == 1 && args.get(0).equals("list");
    boolean describe = args.size() == 2 && args.get(0).equals("describe");
    if (!list && !describe) {
      throw new UsageException("capabilities needs list, or describe and one capability id, got " + args);
    }
    String path = list ? "/v1/capabilities" : "/v1/capabilities/" + URLEncoder.encode(args.get(1), StandardCharsets.UTF_8);
    URI uri;
    try {
      String base = flags.has("url") ? flags.get("url") : InvokeCommand.DEFAULT_URL;
      uri = URI.create(base.replaceAll("/+$", "") + path);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--url is not a URL: " + e.getMessage());
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(InvokeCommand.DEFAULT_REQUEST_TIMEOUT).GET();
    if (flags.has("token")) {
      request.header("authorization", "Bearer " + flags.get("token"));
    }
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().connectTimeout(InvokeCommand.CONNECT_TIMEOUT).build()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("dhii capabilities: cannot reach " + uri + ": " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("dhii capabilities: interrupted");
      return 1;
    }
    JsonObject body;
    try {
      body = new JsonObject(response.body());
    } catch (DecodeException e) {
      err.println("dhii capabilities: HTTP " + response.statusCode() + ", not JSON: " + response.body());
      return 1;
    }
    if (response.statusCode() != 200) {
      err.println("dhii capabilities: HTTP " + response.statusCode());
      err.println(body.encodePrettily());
      return 1;
    }
    if (describe) {
      out.println(body.encodePrettily());
      return 0;
    }
    for (Object item : body.getJsonArray("capabilities", new JsonArray())) {
      JsonObject c = (JsonObject) item;
      out.printf("%-32s %-8s %-12s %-9s %s%n", c.getString("id"), c.getString("state", ""), c.getString("pluginId", ""),
        c.getBoolean("requiresAuth", true) ? "token" : "anonymous", c.getString("description", ""));
    }
    return 0;
  }
}

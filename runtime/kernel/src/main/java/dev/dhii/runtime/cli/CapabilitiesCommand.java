package dev.dhii.runtime.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code dhii capabilities list|describe ID [--url URL] [--token T]}: a running runtime's capabilities, one line
 * each ({@code GET /v1/capabilities}), or one capability's listing entry with both schemas
 * ({@code GET /v1/capabilities/{id}}).
 */
@Command(name = "capabilities", description = "A running runtime's capabilities.",
  subcommands = {CapabilitiesCommand.ListCommand.class, CapabilitiesCommand.DescribeCommand.class})
final class CapabilitiesCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new UsageException("capabilities needs a subcommand: " + String.join(", ", spec.subcommands().keySet()));
  }

  /** The options both subcommands take. */
  static final class Target {
    @Option(names = "--url", paramLabel = "URL", defaultValue = InvokeCommand.DEFAULT_URL, description = "The runtime.")
    String url;
    @Option(names = "--token", paramLabel = "TOKEN", description = "The bearer token (see dhii token).")
    String token;
  }

  /** {@code dhii capabilities list}. */
  @Command(name = "list", description = "One line per capability: id, state, plugin, auth, description.")
  static final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Target target;

    @Override
    public Integer call() {
      return run(target, null, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  /** {@code dhii capabilities describe ID}. */
  @Command(name = "describe", description = "One capability's entry with its input and output schemas.")
  static final class DescribeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Target target;
    @Parameters(index = "0", paramLabel = "ID", description = "The capability id.")
    String id;

    @Override
    public Integer call() {
      return run(target, id, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  /** @param id the capability to describe, or null to list them all */
  static int run(Target target, String id, PrintWriter out, PrintWriter err) {
    boolean describe = id != null;
    String path = !describe ? "/v1/capabilities" : "/v1/capabilities/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    URI uri;
    try {
      String base = target.url;
      uri = URI.create(base.replaceAll("/+$", "") + path);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--url is not a URL: " + e.getMessage());
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(InvokeCommand.DEFAULT_REQUEST_TIMEOUT).GET();
    if (target.token != null) {
      request.header("authorization", "Bearer " + target.token);
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

package dev.dhii.runtime.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code dhii invoke <capability> --data <json|@file> [--url URL] [--token T] [--timeout-ms N]}: calls a capability
 * over HTTP and prints its result.
 */
final class InvokeCommand {

  static final Set<String> FLAGS = Set.of("data", "url", "token", "timeout-ms");
  static final String DEFAULT_URL = "http://127.0.0.1:8080";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Used when no --timeout-ms is given: above the runtime's default deadline of 30 s. */
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern CAPABILITY = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_]*)+");

  private InvokeCommand() {
  }

  static int run(Flags flags, PrintStream out, PrintStream err) {
    if (flags.positional().size() != 1 || !CAPABILITY.matcher(flags.positional().get(0)).matches()) {
      throw new UsageException("invoke needs one capability id such as echo.echo, got " + flags.positional());
    }
    String capability = flags.positional().get(0);
    if (!flags.has("data")) {
      throw new UsageException("invoke needs --data <json|@file>");
    }
    String body = data(flags.get("data"));
    Long timeoutMs = flags.has("timeout-ms") ? positive(flags.get("timeout-ms")) : null;
    URI uri;
    try {
      String base = flags.has("url") ? flags.get("url") : DEFAULT_URL;
      uri = URI.create(base.replaceAll("/+$", "") + "/v1/capabilities/" + capability + "/invoke");
    } catch (IllegalArgumentException e) {
      throw new UsageException("--url is not a URL: " + e.getMessage());
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
      .header("content-type", "application/json")
      .timeout(timeoutMs == null ? DEFAULT_REQUEST_TIMEOUT : Duration.ofMillis(timeoutMs).plusSeconds(5))
      .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timeoutMs != null) {
      request.header("x-timeout-ms", Long.toString(timeoutMs));
    }
    if (flags.has("token")) {
      request.header("authorization", "Bearer " + flags.get("token"));
    }
    HttpResponse<String> response;
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("dhii invoke: cannot call " + uri + ": " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("dhii invoke: interrupted");
      return 1;
    }
    if (response.statusCode() != 200) {
      err.println("dhii invoke: HTTP " + response.statusCode());
      err.println(pretty(response.body()));
      return 1;
    }
    try {
      out.println(Json.encodePrettily(new JsonObject(response.body()).getValue("result")));
    } catch (DecodeException | ClassCastException e) {
      out.println(response.body());
    }
    return 0;
  }

  private static String data(String value) {
    String json = value;
    if (value.startsWith("@")) {
      try {
        json = Files.readString(Path.of(value.substring(1)));
      } catch (IOException e) {
        throw new UsageException("cannot read --data file " + value.substring(1) + ": " + e.getMessage());
      }
    }
    try {
      Json.decodeValue(json);
    } catch (DecodeException e) {
      throw new UsageException("--data is not JSON: " + e.getMessage());
    }
    return json;
  }

  private static long positive(String value) {
    try {
      long n = Long.parseLong(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--timeout-ms must be a positive number of milliseconds: " + value);
  }

  private static String pretty(String body) {
    try {
      return Json.encodePrettily(Json.decodeValue(body));
    } catch (DecodeException e) {
      return body;
    }
  }
}

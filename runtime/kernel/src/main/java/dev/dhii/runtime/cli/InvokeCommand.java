package dev.dhii.runtime.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code dhii invoke <capability> --data <json|@file> [--url URL] [--token T] [--timeout-ms N]}: calls a capability
 * over HTTP and prints its result.
 */
@Command(name = "invoke", description = "Call a capability over HTTP and print its result.")
final class InvokeCommand implements Callable<Integer> {

  static final String DEFAULT_URL = "http://127.0.0.1:8080";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Used when no --timeout-ms is given: above the runtime's default deadline of 30 s. */
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern CAPABILITY = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_]*)+");

  @Spec
  CommandSpec spec;
  @Parameters(index = "0", paramLabel = "CAPABILITY", description = "The capability id, e.g. echo.echo.")
  String capability;
  @Option(names = "--data", required = true, paramLabel = "JSON|@FILE", description = "The input: JSON, or @ and a file holding it.")
  String data;
  @Option(names = "--url", paramLabel = "URL", defaultValue = DEFAULT_URL, description = "The runtime.")
  String url;
  @Option(names = "--token", paramLabel = "TOKEN", description = "The bearer token (see dhii token).")
  String token;
  @Option(names = "--timeout-ms", paramLabel = "N", description = "The call's deadline in milliseconds (default: the runtime's).")
  String timeoutMsText;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!CAPABILITY.matcher(capability).matches()) {
      throw new UsageException("invoke needs one capability id such as echo.echo, got " + capability);
    }
    String body = data(data);
    Long timeoutMs = timeoutMsText != null ? positive(timeoutMsText) : null;
    URI uri;
    try {
      String base = url;
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
    if (token != null) {
      request.header("authorization", "Bearer " + token);
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

package dev.dhii.runtime.mcp;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The MCP stdio transport in front of a runtime's {@code /mcp}: each line of stdin is one JSON-RPC message,
 * POSTed as is (with the session id once initialize gave one, and the bearer token); every message of
 * the answer, JSON or SSE, becomes one line of stdout, and so does every message of the session's
 * notification stream (GET). Requests run concurrently, so that a {@code notifications/cancelled} passes
 * a call in flight. Nothing but JSON-RPC is written to stdout. Ends at the end of stdin, ending the session.
 */
public final class StdioProxy {

  private static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

  private final URI endpoint;
  private final String authorization;
  private final PrintStream out;
  private final PrintStream err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "dhii-mcp-stdio");
    t.setDaemon(true);
    return t;
  });
  private volatile String session;
  private volatile String protocolVersion;

  /**
   * @param baseUrl the runtime's base URL, e.g. {@code http://127.0.0.1:8080}
   * @param token a bearer token, or null
   * @param out where messages go (stdout)
   * @param err where diagnostics go (stderr)
   */
  public StdioProxy(String baseUrl, String token, PrintStream out, PrintStream err) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.endpoint = URI.create(base.endsWith(McpServer.PATH) ? base : base + McpServer.PATH);
    this.authorization = token == null || token.isBlank() ? null
      : token.regionMatches(true, 0, "Bearer ", 0, 7) ? token : "Bearer " + token;
    this.out = out;
    this.err = err;
  }

  /**
   * @param in stdin
   * @return the exit code: 0 at the end of input
   * @throws IOException when stdin cannot be read
   */
  public int run(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      if (line.length() > MAX_LINE_CHARS) {
        emit(McpProtocol.error(null, McpProtocol.INVALID_REQUEST, "Message too large", null));
        continue;
      }
      String text = line;
      JsonObject message;
      try {
        message = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        emit(McpProtocol.error(null, McpProtocol.PARSE_ERROR, "Parse error: each line must be one JSON-RPC message", null));
        continue;
      }
      if ("initialize".equals(message.getValue("method"))) {
        post(message, text); // the session id must be known before anything else is sent
      } else {
        workers.execute(() -> post(message, text));
      }
    }
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    endSession();
    return 0;
  }

  private HttpRequest.Builder request() {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).header("accept", "application/json, text/event-stream");
    if (session != null) {
      b.header(McpProtocol.SESSION_HEADER, session);
    }
    if (protocolVersion != null) {
      b.header(McpProtocol.VERSION_HEADER, protocolVersion);
    }
    if (authorization != null) {
      b.header("authorization", authorization);
    }
    return b;
  }

  private void post(JsonObject message, String line) {
    Object id = message.getValue("id");
    try {
      HttpResponse<Stream<String>> response = http.send(request().header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(line)).build(), HttpResponse.BodyHandlers.ofLines());
      String type = response.headers().firstValue("content-type").orElse("");
      if (type.startsWith("text/event-stream")) {
        events(response.body());
        return;
      }
      String body = String.join("\n", response.body().toList());
      if (response.statusCode() == 202 || body.isBlank()) {
        return;
      }
      JsonObject answer = new JsonObject(body);
      if (answer.getValue("id") == null && id != null) {
        answer.put("id", id);
      }
      emit(answer);
      if ("initialize".equals(message.getValue("method")) && answer.getJsonObject("result") != null) {
        session = response.headers().firstValue(McpProtocol.SESSION_HEADER).orElse(null);
        protocolVersion = answer.getJsonObject("result").getString("protocolVersion");
        workers.execute(this::listen);
      }
    } catch (IOException | RuntimeException e) {
      err.println("dhii mcp: " + endpoint + ": " + e);
      if (id != null) {
        emit(McpProtocol.error(id, McpProtocol.INTERNAL_ERROR, "The runtime at " + endpoint + " did not answer", null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The session's notification stream, reopened while the session lasts. */
  private void listen() {
    for (int failures = 0; session != null && failures < 5; ) {
      try {
        HttpResponse<Stream<String>> response = http.send(request().GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
          return;
        }
        events(response.body());
        failures = 0;
      } catch (IOException e) {
        failures++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void events(Stream<String> lines) {
    lines.forEach(l -> {
      if (l.startsWith("data: ")) {
        synchronized (out) {
          out.println(l.substring(6));
          out.flush();
        }
      }
    });
  }

  private void emit(JsonObject message) {
    synchronized (out) {
      out.println(message.encode());
      out.flush();
    }
  }

  private void endSession() {
    String id = session;
    session = null;
    if (id != null) {
      try {
        http.send(HttpRequest.newBuilder(endpoint).header(McpProtocol.SESSION_HEADER, id).DELETE()
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        err.println("dhii mcp: could not end the session: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

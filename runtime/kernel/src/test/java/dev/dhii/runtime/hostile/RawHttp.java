package dev.dhii.runtime.hostile;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** HTTP/1.1 over a plain socket to 127.0.0.1, for requests no well-behaved client would send. */
public final class RawHttp {

  private RawHttp() {
  }

  /** One answer: status, headers (lower-case names), body; status -1 when the server closed without answering. */
  public record Answer(int status, Map<String, String> headers, byte[] body, long millis) {
    /** @return the body as JSON */
    public JsonObject json() {
      return new JsonObject(new String(body, StandardCharsets.UTF_8));
    }

    /** @return the error code of a typed error body */
    public String code() {
      return json().getJsonObject("error").getString("code");
    }

    /** @return the error message of a typed error body */
    public String message() {
      return json().getJsonObject("error").getString("message");
    }

    /** @return the body as text */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** @param port the server's port @param request the bytes to send @return the first answer */
  public static Answer send(int port, byte[] request) {
    return send(port, request, 5000);
  }

  /**
   * @param port the server's port
   * @param request the bytes to send
   * @param timeoutMs how long to wait for the answer
   * @return the first answer (status -1 when the connection closed without one, -2 when none came in time)
   */
  public static Answer send(int port, byte[] request, int timeoutMs) {
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(timeoutMs);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before it read everything
      }
      return read(socket.getInputStream(), start);
    } catch (SocketTimeoutException e) {
      return new Answer(-2, Map.of(), new byte[0], (System.nanoTime() - start) / 1_000_000);
    } catch (IOException e) {
      return new Answer(-1, Map.of(), new byte[0], (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** @param port the port @param text the request, with {@code \r\n} line ends @return the answer */
  public static Answer send(int port, String text) {
    return send(port, text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Reads one response: status line, headers, then a Content-Length or chunked body (or up to the close). */
  static Answer read(InputStream in, long start) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      return new Answer(-1, Map.of(), new byte[0], (System.nanoTime() - start) / 1_000_000);
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new TreeMap<>();
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headers.containsKey("content-length")) {
      int n = Integer.parseInt(headers.get("content-length"));
      byte[] b = in.readNBytes(n);
      body.write(b);
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (String size = line(in); size != null; size = line(in)) {
        int n = Integer.parseInt(size.trim(), 16);
        if (n == 0) {
          line(in);
          break;
        }
        body.write(in.readNBytes(n));
        line(in);
      }
    } else if (status != 100 && status != 204 && status != 304) {
      body.write(in.readAllBytes());
    }
    if (status == 100) {
      return read(in, start);
    }
    return new Answer(status, headers, body.toByteArray(), (System.nanoTime() - start) / 1_000_000);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /**
   * @param port the port
   * @param path the path
   * @param contentType the content type, or null
   * @param body the body bytes
   * @param extraHeaders more header lines ({@code "Name: value"})
   * @return a POST request's bytes
   */
  public static byte[] post(int port, String path, String contentType, byte[] body, String... extraHeaders) {
    StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n");
    for (String h : extraHeaders) {
      head.append(h).append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }
}

package dev.dhii.runtime.hostile;

import io.vertx.core.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket that writes any frame a hostile client could: reserved bits,
 * bad UTF-8, lone continuations, unfinished fragments. Reads are bounded by a timeout.
 */
final class RawWebSocket implements AutoCloseable {

  static final int OP_CONTINUATION = 0;
  static final int OP_TEXT = 1;
  static final int OP_BINARY = 2;
  static final int OP_CLOSE = 8;
  static final int OP_PING = 9;
  static final int OP_PONG = 10;

  /** A frame from the server. */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** @return the close status, or -1 */
    int closeStatus() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  final int status;

  private RawWebSocket(Socket socket, DataInputStream in, int status) throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.status = status;
  }

  /**
   * @param port the HTTP port on 127.0.0.1
   * @param authorization an Authorization header, or null
   * @return the connection, whatever the upgrade's status ({@link #status})
   */
  static RawWebSocket connect(int port, String authorization) {
    try {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout(5_000);
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      String request = "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.append((char) b);
      }
      String[] statusLine = head.toString().split(" ", 3);
      return new RawWebSocket(socket, in, statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @param fin the FIN bit @param rsv the three reserved bits (0-7) @param opcode the opcode @param payload the payload */
  RawWebSocket frame(boolean fin, int rsv, int opcode, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    } else {
      frame.write(0x80 | 127);
      long n = payload.length;
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) (n >>> shift) & 0xff);
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask, 0, 4);
    byte[] masked = payload.clone();
    for (int i = 0; i < masked.length; i++) {
      masked[i] ^= mask[i & 3];
    }
    frame.write(masked, 0, masked.length);
    return write(frame.toByteArray());
  }

  /** @param bytes raw bytes, as they are */
  RawWebSocket write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends a ping and reads until its pong: the server has then read everything sent before (a frame sent next
   * arrives in a read of its own). A frame that breaks the protocol together with a fragment read in the same
   * read can lose its close frame (the connection still closes, nothing is processed): see the README's
   * WebSocket limits.
   *
   * @return this
   */
  RawWebSocket synced() {
    byte[] token = new byte[8];
    ThreadLocalRandom.current().nextBytes(token);
    frame(true, 0, OP_PING, token);
    for (Frame f = read(); ; f = read()) {
      if (f == null) {
        throw new AssertionError("the connection ended before the pong");
      }
      if (f.opcode() == OP_PONG && java.util.Arrays.equals(token, f.payload())) {
        return this;
      }
    }
  }

  /** @param text a whole text message in one frame */
  RawWebSocket text(String text) {
    return frame(true, 0, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** @return the next frame from the server, or null at the end of the stream */
  Frame read() {
    try {
      int first = in.read();
      if (first < 0) {
        return null;
      }
      int second = in.readUnsignedByte();
      long length = second & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      return new Frame(first & 0x0f, payload);
    } catch (java.io.EOFException e) {
      return null;
    } catch (IOException e) {
      if (e instanceof SocketTimeoutException) {
        throw new AssertionError("no frame within the read timeout");
      }
      if (String.valueOf(e.getMessage()).contains("reset")) {
        return null;
      }
      throw new UncheckedIOException(e);
    }
  }

  /** @return the next text message, decoded (a JsonObject or JsonArray); pongs are skipped */
  Object json() {
    Frame frame = read();
    while (frame != null && frame.opcode() == 0xA) {
      frame = read();
    }
    if (frame == null || frame.opcode() != OP_TEXT) {
      throw new AssertionError("expected a text frame, got " + (frame == null ? "the end" : "opcode " + frame.opcode()
        + (frame.opcode() == OP_CLOSE ? " status " + frame.closeStatus() : "")));
    }
    return Json.decodeValue(frame.text());
  }

  /** @return the status of the close frame the server sends next, skipping text frames; -1 if it just ends */
  int awaitClose() {
    while (true) {
      Frame frame = read();
      if (frame == null) {
        return -1;
      }
      if (frame.opcode() == OP_CLOSE) {
        return frame.closeStatus();
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

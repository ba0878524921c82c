package dev.dhii.runtime.testing;

import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain blocking socket speaking the TCP event bus bridge's frames (a 4-byte big-endian length, then
 * that many bytes of UTF-8 JSON), as a caller outside the JVM would. Every read is bounded by a timeout.
 */
public final class FrameSocket implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  /** @param port the bridge's port on 127.0.0.1 */
  public FrameSocket(int port) {
    this(port, null);
  }

  /**
   * @param port the bridge's port on 127.0.0.1
   * @param from the local address to connect from (another loopback address, e.g. 127.0.0.2), or null
   */
  public FrameSocket(int port, String from) {
    try {
      socket = from == null ? new Socket(InetAddress.getLoopbackAddress(), port)
        : new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(from), 0);
      socket.setSoTimeout(5_000);
      in = new DataInputStream(socket.getInputStream());
      out = new DataOutputStream(socket.getOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @param frame a frame to send @return this */
  public FrameSocket send(JsonObject frame) {
    return sendRaw(frame.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** @param payload the bytes of one frame, sent with their length @return this */
  public FrameSocket sendRaw(byte[] payload) {
    try {
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @param bytes bytes sent as they are (part of a frame, or of a length) @return this */
  public FrameSocket write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @param length a length prefix sent alone @return this */
  public FrameSocket sendLength(int length) {
    try {
      out.writeInt(length);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the next frame @throws UncheckedIOException on timeout or end of stream */
  public JsonObject read() {
    try {
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      return new JsonObject(new String(payload, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return whether the server closed the connection (end of stream before the read timeout) */
  public boolean closedByServer() {
    try {
      return in.read() == -1;
    } catch (EOFException e) {
      return true;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  /** Resets the connection instead of closing it cleanly (an abrupt client failure). */
  public void reset() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

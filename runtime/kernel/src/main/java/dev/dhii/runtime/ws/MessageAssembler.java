package dev.dhii.runtime.ws;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.config.WebSocketOptions;
import dev.dhii.runtime.limits.ByteBudget;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Assembles one connection's data frames into messages (control frames are Vert.x's): against the
 * per-connection size bound (1009) and the bridge's budget of bytes in progress (past it the connection is
 * answered OVERLOADED and closed with 1013); a text message must be valid UTF-8 (else 1007), a binary one is
 * answered invalid request. It also says since when a fragmented message is in progress, for the
 * connection's message timeout. Used on the connection's context only.
 */
final class MessageAssembler {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
  private static final short PROTOCOL_ERROR = 1002;
  private static final short INVALID_PAYLOAD = 1007;

  private final WebSocketConnection connection;
  private final WebSocketOptions options;
  private final ByteBudget budget;
  /** The fragments of the message in progress, or null; their bytes are reserved from the shared budget. */
  private Buffer assembling;
  private boolean assemblingText;
  private long startedAt = -1;

  MessageAssembler(WebSocketConnection connection, WebSocketOptions options, ByteBudget budget) {
    this.connection = connection;
    this.options = options;
    this.budget = budget;
  }

  /** @return when the fragmented message in progress started (epoch ms), or -1 when none is */
  long startedAt() {
    return startedAt;
  }

  /** @param frame a data frame @param now its arrival (epoch ms) */
  void onFrame(WebSocketFrame frame, long now) {
    Buffer data = frame.binaryData();
    if (!frame.isContinuation()) {
      if (frame.isFinal()) {
        message(frame.isText(), data);
        return;
      }
      assemblingText = frame.isText();
      assembling = Buffer.buffer();
      startedAt = now;
    } else if (assembling == null) {
      connection.closeWith(PROTOCOL_ERROR, "Continuation frame without a message in progress");
      return;
    }
    if (assembling.length() + (long) data.length() > options.getMaxFrameBytes()) {
      LOG.info("websocket connection from {} sent a message over {} bytes; closing", connection.clientKey(),
        options.getMaxFrameBytes());
      connection.closeWith(WebSocketConnection.MESSAGE_TOO_BIG, "Message larger than " + options.getMaxFrameBytes() + " bytes");
      return;
    }
    if (!budget.tryReserve(data.length())) {
      LOG.info("websocket connection from {} refused: {} bytes of messages in progress over every connection",
        connection.clientKey(), budget.capacity());
      connection.send(RpcCalls.reply(null, RpcError.of(ErrorCode.OVERLOADED, "The server holds as many messages in"
        + " progress as it can; try again later", null)));
      connection.closeWith(WebSocketConnection.TRY_AGAIN_LATER, "Too many messages in progress");
      return;
    }
    assembling.appendBuffer(data);
    if (frame.isFinal()) {
      Buffer whole = assembling;
      drop();
      message(assemblingText, whole);
    }
  }

  /** Drops the message in progress, if any, and gives its bytes back to the budget. */
  void drop() {
    if (assembling != null) {
      budget.release(assembling.length());
      assembling = null;
    }
    startedAt = -1;
  }

  private void message(boolean text, Buffer bytes) {
    if (!text) {
      connection.send(RpcCalls.reply(null, RpcError.invalidRequest("send JSON-RPC in text frames, not binary")));
      return;
    }
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.getBytes())).toString();
    } catch (CharacterCodingException e) {
      LOG.info("websocket connection from {} sent a text message that is not UTF-8; closing", connection.clientKey());
      connection.closeWith(INVALID_PAYLOAD, "Text message is not valid UTF-8");
      return;
    }
    connection.onText(decoded);
  }
}

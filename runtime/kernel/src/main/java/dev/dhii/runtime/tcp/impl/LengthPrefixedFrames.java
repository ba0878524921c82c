package dev.dhii.runtime.tcp.impl;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

import java.util.function.IntPredicate;

/**
 * Reads the bridge's framing from one side of a connection: a 4-byte big-endian length, then that many bytes
 * of JSON. Each length is offered first (refused: the stream stops being read as frames, as the connection
 * ends), and only an accepted length is buffered.
 */
final class LengthPrefixedFrames {

  private final RecordParser parser = RecordParser.newFixed(4);
  private boolean readingLength = true;

  /**
   * @param length told each declared length; false refuses it
   * @param frame given each whole frame
   */
  LengthPrefixedFrames(IntPredicate length, Handler<Buffer> frame) {
    parser.handler(record -> {
      if (readingLength) {
        int declared = record.getInt(0);
        if (length.test(declared)) {
          readingLength = false;
          parser.fixedSizeMode(declared);
        }
      } else {
        readingLength = true;
        parser.fixedSizeMode(4);
        frame.handle(record);
      }
    });
  }

  /** @return the parser to set as the socket's handler */
  RecordParser parser() {
    return parser;
  }
}

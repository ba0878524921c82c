'use strict';
/**
 * Framing of the runtime's event-bus bridge: a 4-byte big-endian signed length, then that many bytes of UTF-8
 * JSON. The bridge's Unix domain socket (DHII_BRIDGE_SOCKET) is preferred when set (a sandboxed process has no
 * network), else its TCP port.
 */

const net = require('node:net');

/** @returns {Buffer} one frame: its length prefix and JSON bytes; throws for a value that is not JSON */
function encodeFrame(frame) {
  const json = JSON.stringify(frame, (key, value) => {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError('NaN and Infinity are not JSON');
    }
    return value;
  });
  if (json === undefined) {
    throw new TypeError('not JSON');
  }
  const body = Buffer.from(json, 'utf8');
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

/** Splits a byte stream into frames: push(chunk) returns the decoded frames (a bad payload: {error}). */
class FrameReader {
  constructor() {
    this._chunks = [];
    this._size = 0;
  }

  push(chunk) {
    this._chunks.push(chunk);
    this._size += chunk.length;
    const frames = [];
    let buffer = this._chunks.length === 1 ? this._chunks[0] : Buffer.concat(this._chunks, this._size);
    let offset = 0;
    while (buffer.length - offset >= 4) {
      const length = buffer.readInt32BE(offset);
      if (length < 0) {
        throw new Error(`negative frame length ${length}`);
      }
      if (buffer.length - offset - 4 < length) {
        break;
      }
      const payload = buffer.subarray(offset + 4, offset + 4 + length);
      offset += 4 + length;
      try {
        frames.push({ frame: JSON.parse(payload.toString('utf8')) });
      } catch (e) {
        frames.push({ error: e });
      }
    }
    buffer = buffer.subarray(offset);
    this._chunks = buffer.length ? [buffer] : [];
    this._size = buffer.length;
    return frames;
  }
}

/**
 * Opens the bridge connection, retrying a refused or failed connect for up to retryForMs.
 *
 * @returns {Promise<net.Socket>}
 */
function connect({ host, port, socketPath, retryForMs = 10000, attemptTimeoutMs = 2000 }) {
  const giveUp = Date.now() + retryForMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = socketPath ? net.createConnection({ path: socketPath }) : net.createConnection({ host, port });
      const timer = setTimeout(() => socket.destroy(new Error('connect timed out')), attemptTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        if (!socketPath) {
          socket.setNoDelay(true);
        }
        resolve(socket);
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        socket.destroy();
        if (Date.now() >= giveUp) {
          reject(e);
        } else {
          setTimeout(attempt, 100); // back-off while the bridge starts listening
        }
      });
    };
    attempt();
  });
}

module.exports = { encodeFrame, FrameReader, connect };

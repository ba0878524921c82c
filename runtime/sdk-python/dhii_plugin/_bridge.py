"""Framing of the Vert.x TCP event-bus bridge: a 4-byte big-endian signed length, then that many bytes
of UTF-8 JSON. Writes are serialized by a lock, since worker threads reply concurrently."""

import json
import socket
import struct
import threading
import time

_LENGTH = struct.Struct(">i")


class BridgeClosed(Exception):
    """The bridge connection ended (end of stream, reset, or closed by this side)."""


def encode_frame(frame):
    """Encodes one frame (a dict) as its length prefix and JSON bytes.

    Raises TypeError or ValueError when the frame is not JSON (a set, NaN, ...)."""
    data = json.dumps(frame, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    return _LENGTH.pack(len(data)) + data


def connect(host, port, retry_for=10.0, attempt_timeout=2.0):
    """Opens the TCP connection, retrying a refused or failed connect for up to retry_for seconds."""
    give_up = time.monotonic() + retry_for
    while True:
        try:
            sock = socket.create_connection((host, port), timeout=attempt_timeout)
        except OSError:
            if time.monotonic() >= give_up:
                raise
            time.sleep(0.1)  # back-off between attempts while the bridge starts listening
            continue
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock


class Connection:
    """One bridge connection: frames in on one thread, frames out from any thread."""

    def __init__(self, sock):
        self._sock = sock
        self._write_lock = threading.Lock()
        self._closed = False

    def send(self, frame):
        """Writes one frame. Returns False when the connection is closed or the write failed.

        Raises TypeError or ValueError (before writing anything) when the frame is not JSON."""
        return self.send_encoded(encode_frame(frame))

    def send_encoded(self, data):
        """Writes one frame already encoded by encode_frame. Returns False when the connection is
        closed or the write failed."""
        with self._write_lock:
            if self._closed:
                return False
            try:
                self._sock.sendall(data)
                return True
            except OSError:
                return False

    def _read_exactly(self, n):
        chunks = []
        while n > 0:
            try:
                chunk = self._sock.recv(min(n, 1 << 20))
            except OSError as e:
                raise BridgeClosed(str(e)) from e
            if not chunk:
                raise BridgeClosed("end of stream")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def read(self):
        """Reads the next frame.

        Returns the decoded JSON value; raises BridgeClosed at the end of the stream, and ValueError
        for a frame whose payload is not JSON (the stream stays in step: the frame was consumed)."""
        (length,) = _LENGTH.unpack(self._read_exactly(4))
        if length < 0:
            raise BridgeClosed("negative frame length %d" % length)
        payload = self._read_exactly(length)
        return json.loads(payload.decode("utf-8"))

    def close(self):
        """Closes the connection (idempotent); a read blocked on another thread ends with BridgeClosed."""
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()

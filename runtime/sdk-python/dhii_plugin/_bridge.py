"""Framing of the Vert.x TCP event-bus bridge: a 4-byte big-endian signed length, then that many bytes
of UTF-8 JSON. Worker threads reply concurrently: their frames are queued under a lock and written by one
of them at a time (send_encoded)."""

import json
import os
import socket
import struct
import threading
import time

_LENGTH = struct.Struct(">i")
#: How long close() waits for the frames queued to be written.
CLOSE_FLUSH_TIMEOUT = 5.0
#: The most one recv asks for beyond the frame it completes.
_RECV_BYTES = 65536


class BridgeClosed(Exception):
    """The bridge connection ended (end of stream, reset, or closed by this side)."""


def encode_frame(frame):
    """Encodes one frame (a dict) as its length prefix and JSON bytes.

    Raises TypeError or ValueError when the frame is not JSON (a set, NaN, ...)."""
    data = json.dumps(frame, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    return _LENGTH.pack(len(data)) + data


def connect(host, port, retry_for=10.0, attempt_timeout=2.0, socket_path=None):
    """Opens the bridge connection, retrying a refused or failed connect for up to retry_for seconds.

    The runtime's Unix domain socket (socket_path, else DHII_BRIDGE_SOCKET) is preferred when it is
    given: a sandboxed process has no network, and reaches the runtime only through it. Otherwise the
    TCP bridge at host:port."""
    path = socket_path if socket_path is not None else os.environ.get("DHII_BRIDGE_SOCKET")
    give_up = time.monotonic() + retry_for
    while True:
        try:
            if path:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(attempt_timeout)
                try:
                    sock.connect(path)
                except OSError:
                    sock.close()
                    raise
            else:
                sock = socket.create_connection((host, port), timeout=attempt_timeout)
        except OSError:
            if time.monotonic() >= give_up:
                raise
            time.sleep(0.1)  # back-off between attempts while the bridge starts listening
            continue
        sock.settimeout(None)
        if not path:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock


class Connection:
    """One bridge connection: frames in on one thread, frames out from any thread."""

    def __init__(self, sock):
        self._sock = sock
        self._write_lock = threading.Condition()  # also signalled when the writing thread is done
        self._closed = False
        self._broken = False  # a write failed: nothing more is written
        self._writing = False  # a thread is writing the queue
        self._queued = []  # encoded frames waiting for that thread
        self._buf = bytearray()  # bytes received and not yet read, from _pos on
        self._pos = 0

    def send(self, frame):
        """Writes one frame. Returns False when the connection is closed or the write failed.

        Raises TypeError or ValueError (before writing anything) when the frame is not JSON."""
        return self.send_encoded(encode_frame(frame))

    def send_encoded(self, data):
        """Writes one frame already encoded by encode_frame. Returns False when the connection is
        closed or a write on it failed.

        Frames from threads that reply at the same time go out together: the first thread to find no
        write under way writes what is queued, and goes on until the queue is empty; the others queue
        their frame and return at once (their frame is written by then or soon after, in order)."""
        with self._write_lock:
            if self._closed or self._broken:
                return False
            self._queued.append(data)
            if self._writing:
                return True
            self._writing = True
        while True:
            with self._write_lock:
                batch = self._queued
                if not batch or self._broken:
                    self._writing = False
                    self._write_lock.notify_all()
                    return not self._broken
                self._queued = []
            try:
                self._sock.sendall(batch[0] if len(batch) == 1 else b"".join(batch))
            except OSError:
                with self._write_lock:
                    self._broken = True
                    self._queued = []
                    self._writing = False
                    self._write_lock.notify_all()
                return False

    def _fill(self, need):
        """Reads until the buffer holds at least need bytes past the read position."""
        buf = self._buf
        if self._pos and len(buf) - self._pos < need:
            del buf[:self._pos]  # what was read is dropped before the buffer grows
            self._pos = 0
        while len(buf) - self._pos < need:
            try:
                chunk = self._sock.recv(max(need - (len(buf) - self._pos), _RECV_BYTES))
            except OSError as e:
                raise BridgeClosed(str(e)) from e
            if not chunk:
                raise BridgeClosed("end of stream")
            buf += chunk

    def read(self):
        """Reads the next frame. One recv takes whatever the runtime has sent (up to 64 KiB, or the rest
        of a larger frame), so frames that arrive together cost one system call.

        Returns the decoded JSON value; raises BridgeClosed at the end of the stream, and ValueError
        for a frame whose payload is not JSON (the stream stays in step: the frame was consumed)."""
        self._fill(4)
        (length,) = _LENGTH.unpack_from(self._buf, self._pos)
        if length < 0:
            raise BridgeClosed("negative frame length %d" % length)
        self._fill(4 + length)
        start = self._pos + 4
        payload = bytes(self._buf[start:start + length])
        self._pos = start + length
        if self._pos == len(self._buf):
            self._buf.clear()
            self._pos = 0
        return json.loads(payload.decode("utf-8"))

    def close(self):
        """Closes the connection (idempotent) once the frames queued are written (at most CLOSE_FLUSH_TIMEOUT
        seconds); a read blocked on another thread ends with BridgeClosed."""
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
            self._write_lock.wait_for(lambda: not self._writing, timeout=CLOSE_FLUSH_TIMEOUT)
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()

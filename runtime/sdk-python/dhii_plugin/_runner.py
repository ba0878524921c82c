"""The process side of the runtime's protocol: connect, register, load, announce, serve, stop.

Threads: the main thread starts everything and then waits for the exit; one reader thread reads
frames; a pool of DHII_PLUGIN_CONCURRENCY workers runs the handlers; a pinger keeps the connection
alive; health checks and the stop sequence run on short-lived threads of their own.
"""

import asyncio
import inspect
import math
import os
import queue
import signal
import sys
import threading
import traceback

from . import SDK_VERSION, Context, PluginError, plugin_config
from ._bridge import BridgeClosed, Connection, connect, encode_frame

#: Seconds between two pings.
PING_INTERVAL = 20.0
#: How long the stop sequence waits for calls in flight.
DRAIN_TIMEOUT = 10.0
#: How long the on_unload hook may take.
UNLOAD_TIMEOUT = 10.0
#: How long connecting may keep failing.
CONNECT_RETRY = 10.0

#: The largest frame the runtime takes when DHII_MAX_FRAME_BYTES is not set: its default frame limit
#: (1 MiB) less 64 KiB of slack.
DEFAULT_MAX_FRAME_BYTES = 1048576 - 65536

EXIT_OK = 0
EXIT_ENVIRONMENT = 2
EXIT_LOAD_FAILED = 3

_log_lock = threading.Lock()


def _resolve(value):
    """Runs an awaitable (an async def hook or handler) to completion on this thread."""
    if inspect.isawaitable(value):
        async def wait():
            return await value
        return asyncio.run(wait())
    return value


def _describe(exc):
    text = str(exc)
    return "%s: %s" % (type(exc).__name__, text) if text else type(exc).__name__


def _failure(code, message, nothing_done):
    return {"ok": False, "error": {"code": code, "message": message, "nothingDone": nothing_done}}


def _max_frame_bytes(env, log):
    text = env.get("DHII_MAX_FRAME_BYTES")
    if not text:
        return DEFAULT_MAX_FRAME_BYTES
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1024:
        log("DHII_MAX_FRAME_BYTES %r is not a whole number >= 1024; using %d" % (text, DEFAULT_MAX_FRAME_BYTES))
        return DEFAULT_MAX_FRAME_BYTES
    return value


#: What the caller is told when a handler raises something other than a PluginError.
UNEXPECTED_FAILURE = "The plugin failed"

class Workers:
    """At most `size` worker threads running what is submitted, in order (a lighter hand-over than
    concurrent.futures: no future per call). As there, each submit either claims a worker that waits
    for work or starts a thread, until there are `size`; then it waits in the queue for a worker."""

    def __init__(self, size):
        self._size = size
        self._queue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._started = 0
        self._idle = 0  # workers that finished a call and were not claimed since

    def submit(self, fn, *args):
        self._queue.put((fn, args))
        with self._lock:
            if self._idle > 0:
                self._idle -= 1  # a waiting worker takes it
                return
            if self._started >= self._size:
                return
            self._started += 1
            name = "dhii-call-%d" % self._started
        threading.Thread(target=self._work, name=name, daemon=True).start()

    def _work(self):
        get = self._queue.get
        lock = self._lock
        while True:
            fn, args = get()
            try:
                fn(*args)
            except BaseException:  # noqa: B036 - fn answers its own call; a worker never dies of one
                pass
            with lock:
                self._idle += 1


class Runner:
    """Serves one Plugin over the bridge. Created and run by Plugin.run()."""

    def __init__(self, plugin, env):
        self.plugin = plugin
        self.env = env
        self.plugin_id = env.get("DHII_PLUGIN_ID") or "plugin"
        self.conn = None
        self.pool = None
        self.loaded = False
        self._state = threading.Condition()
        self._stopping = False
        self._inflight = 0
        self._stop_started = False
        self._stop_replies_sent = False
        self._stop_replies = []
        self._exit_code = EXIT_OK
        self._exit = threading.Event()
        self._exit_lock = threading.Lock()
        self._calls = {}  # callId -> Context of the calls queued or running
        self.max_frame_bytes = _max_frame_bytes(env, self.log)

    # --- logging -----------------------------------------------------------------------------------

    def log(self, message):
        prefix = "[%s] " % self.plugin_id
        text = "".join(prefix + line + "\n" for line in str(message).splitlines() or [""])
        with _log_lock:
            try:
                sys.stderr.write(text)
                sys.stderr.flush()
            except (OSError, ValueError):
                pass

    def log_exception(self, headline, exc):
        self.log(headline + "\n" + "".join(traceback.format_exception(exc)).rstrip())

    # --- start -------------------------------------------------------------------------------------

    def _die(self, code, message):
        with self._state:
            self._stop_started = True  # the reader seeing the connection close must not exit 0 first
            self._stopping = True
        self.log(message)
        if self.conn is not None:
            self.conn.close()
        self._exit_now(code)

    def _exit_now(self, code):
        self._exit_lock.acquire()  # the first exit wins; a later caller waits here for the process to end
        try:
            sys.stderr.flush()
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        os._exit(code)

    def run(self):
        env = self.env
        missing = [name for name in ("DHII_BRIDGE_HOST", "DHII_BRIDGE_PORT", "DHII_PLUGIN_ID",
                                     "DHII_PLUGIN_TOKEN", "DHII_PLUGIN_CALLS", "DHII_PLUGIN_ANNOUNCE")
                   if not env.get(name)]
        if missing:
            self._die(EXIT_ENVIRONMENT, "not started by the Dhii runtime: missing " + ", ".join(missing))
        try:
            port = int(env["DHII_BRIDGE_PORT"])
        except ValueError:
            self._die(EXIT_ENVIRONMENT, "DHII_BRIDGE_PORT is not a number: %r" % env["DHII_BRIDGE_PORT"])
        concurrency = 4
        if env.get("DHII_PLUGIN_CONCURRENCY"):
            try:
                concurrency = int(env["DHII_PLUGIN_CONCURRENCY"])
            except ValueError:
                concurrency = 0
            if concurrency < 1:
                self.log("DHII_PLUGIN_CONCURRENCY %r is not a positive integer; using 4"
                         % env["DHII_PLUGIN_CONCURRENCY"])
                concurrency = 4
        try:
            config = plugin_config(env)
        except ValueError as e:
            self._die(EXIT_LOAD_FAILED, "bad configuration: %s" % e)

        # print() in a plugin goes to the log: stdout is not the channel, and nobody may be reading it
        sys.stdout = sys.stderr
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

        try:
            sock = connect(env["DHII_BRIDGE_HOST"], port, retry_for=CONNECT_RETRY)
        except OSError as e:
            self._die(EXIT_ENVIRONMENT, "cannot reach the bridge at %s:%d: %s" % (env["DHII_BRIDGE_HOST"], port, e))
        self.conn = Connection(sock)
        self.pool = Workers(concurrency)
        calls = env["DHII_PLUGIN_CALLS"]
        self.conn.send({"type": "register", "address": calls})
        threading.Thread(target=self._read_loop, name="dhii-reader", daemon=True).start()
        threading.Thread(target=self._ping_loop, name="dhii-pinger", daemon=True).start()

        if self.plugin._on_load is not None:
            try:
                _resolve(self.plugin._on_load(config))
            except BaseException as e:  # noqa: B036 - any failure of the hook fails the start
                self.log_exception("on_load failed: %s" % _describe(e), e)
                self._die(EXIT_LOAD_FAILED, "not started")
        with self._state:
            self.loaded = True
            stopping = self._stopping

        if not stopping:
            announcement = {
                "pluginId": env["DHII_PLUGIN_ID"],
                "token": env["DHII_PLUGIN_TOKEN"],
                "sdk": SDK_VERSION,
                "capabilities": [c.to_wire() for c in self.plugin._capabilities.values()],
            }
            self.conn.send({"type": "send", "address": env["DHII_PLUGIN_ANNOUNCE"], "body": announcement,
                            "headers": {}})
            self.log("serving %d capabilities (%s), %d at a time" % (
                len(announcement["capabilities"]), ", ".join(self.plugin._capabilities) or "none", concurrency))

        while not self._exit.wait(1.0):
            pass
        self._exit_now(self._exit_code)

    # --- frames in ---------------------------------------------------------------------------------

    def _read_loop(self):
        reason = "the bridge closed the connection"
        while True:
            try:
                frame = self.conn.read()
            except BridgeClosed as e:
                if str(e) != "end of stream":
                    reason = "the bridge connection ended: %s" % e
                break
            except ValueError as e:
                self.log("ignored a frame that is not JSON: %s" % e)
                continue
            if not isinstance(frame, dict):
                self.log("ignored a frame that is not an object")
                continue
            kind = frame.get("type")
            if kind == "message":
                try:
                    self._on_message(frame)
                except Exception as e:  # a bug here must not stop the reader
                    self.log_exception("failed to dispatch a message: %s" % _describe(e), e)
            elif kind == "err":
                self.log("bridge error: %s" % frame.get("message"))
            elif kind == "pong":
                pass
            else:
                self.log("ignored a frame of type %r" % (kind,))
        self.stop(reason)

    def _on_message(self, frame):
        body = frame.get("body")
        reply_to = frame.get("replyAddress")
        if isinstance(body, dict) and "control" in body:
            control = body.get("control")
            if control == "health":
                threading.Thread(target=self._health, args=(reply_to,), name="dhii-health", daemon=True).start()
            elif control == "cancel":
                self._cancel(body)  # no reply: the call itself replies
            elif control == "shutdown":
                # On its own thread: the reader goes on answering (refusing) what arrives meanwhile.
                threading.Thread(target=self.stop, args=("shutdown requested", reply_to, True), name="dhii-stop",
                                 daemon=True).start()
            else:
                self._reply(reply_to, _failure("VALIDATION", "unknown control %r" % (control,), True))
            return
        if not isinstance(body, dict) or not isinstance(body.get("capability"), str):
            self._reply(reply_to, _failure("VALIDATION", "a call's body must be an object with a \"capability\"",
                                           True))
            return
        with self._state:
            if self._stopping:
                refused = True
            else:
                refused = False
                self._inflight += 1
        if refused:
            self._reply(reply_to, _failure("UNAVAILABLE", "the plugin is stopping", True))
            return
        ctx = self._context(body)
        if ctx.call_id is not None:
            with self._state:
                self._calls[ctx.call_id] = ctx
        self.pool.submit(self._call, body, ctx, reply_to)

    def _context(self, body):
        deadline_ms = body.get("deadlineEpochMs")
        deadline = deadline_ms / 1000.0 if isinstance(deadline_ms, (int, float)) and not isinstance(
            deadline_ms, bool) else math.inf
        call_id = body.get("callId")
        ctx = Context(self.plugin_id, body["capability"], body.get("requestId"), body.get("userId"), deadline,
                      body.get("traceparent"), call_id if isinstance(call_id, str) else None)
        if ctx.call_id is not None:
            ctx._progress = lambda progress, total, message: self._report_progress(ctx.call_id, progress, total, message)
        return ctx

    def _report_progress(self, call_id, progress, total, message):
        """Sends a call's progress report to the runtime, on the announce address (no reply)."""
        report = {"type": "progress", "token": self.env["DHII_PLUGIN_TOKEN"], "callId": call_id, "progress": progress,
                  "total": total, "message": message}
        self.conn.send({"type": "send", "address": self.env["DHII_PLUGIN_ANNOUNCE"], "body": report, "headers": {}})

    def _cancel(self, body):
        call_id = body.get("callId")
        reason = body.get("reason")
        with self._state:
            ctx = self._calls.get(call_id) if isinstance(call_id, str) else None
        if ctx is None:
            return  # finished already (or never here): nothing to cancel
        ctx.cancel(reason if reason in ("CANCELLED", "TIMEOUT") else "CANCELLED")

    # --- calls -------------------------------------------------------------------------------------

    def _call_done(self, ctx=None):
        with self._state:
            if ctx is not None and ctx.call_id is not None and self._calls.get(ctx.call_id) is ctx:
                del self._calls[ctx.call_id]
            self._inflight -= 1
            if self._inflight == 0:
                self._state.notify_all()

    def _call(self, body, ctx, reply_to):
        try:
            self._reply(reply_to, self._invoke(body, ctx), ctx.request_id)
        finally:
            self._call_done(ctx)

    def _invoke(self, body, ctx):
        cap_id = ctx.capability
        capability = self.plugin._capabilities.get(cap_id)
        if capability is None:
            return _failure("NOT_FOUND", "plugin %s has no capability %s" % (self.plugin_id, cap_id), True)
        if ctx.cancel_reason is not None:
            return _failure(ctx.cancel_reason, "the call was cancelled before it started", True)
        if ctx.cancelled():
            return _failure("TIMEOUT", "deadline passed before the call started", True)
        data = body.get("input")
        if data is None:
            data = {}
        try:
            output = _resolve(capability.handler(data, ctx))
        except PluginError as e:
            return {"ok": False, "error": e.to_wire()}
        except BaseException as e:  # noqa: B036 - whatever the handler raised, the caller gets an answer
            # the exception's type, text and traceback go to the plugin's log with the request id; the caller
            # gets a plain message, as for a JVM plugin (no class name or library text leaves the process)
            self.log_exception("%s (request %s) failed: %s" % (cap_id, ctx.request_id, _describe(e)), e)
            return _failure("INTERNAL", UNEXPECTED_FAILURE, False)
        if not isinstance(output, dict):
            return _failure("INTERNAL", "%s returned %s instead of an object" % (cap_id, type(output).__name__),
                            False)
        return {"ok": True, "output": output}

    def _encode_reply(self, reply_to, body, request_id):
        """The reply frame's bytes; an output that is not JSON or too large for one frame becomes an
        INTERNAL failure of this call only (logged with the request id)."""
        frame = {"type": "send", "address": reply_to, "body": body, "headers": {}}
        try:
            data = encode_frame(frame)
        except (TypeError, ValueError, RecursionError, OverflowError) as e:
            # a set, bytes, NaN, a self-referencing or too deeply nested structure...
            reason = "output is not JSON"
            detail = _describe(e)
        except MemoryError:
            reason = "output is too large to encode"
            detail = None
        else:
            if len(data) - 4 <= self.max_frame_bytes:
                return data
            reason = "output is %d bytes of JSON, over the %d-byte frame limit" % (len(data) - 4,
                                                                                  self.max_frame_bytes)
            detail = None
        self.log("reply to request %s replaced by INTERNAL: %s%s" % (request_id, reason,
                                                                    "" if detail is None else " (%s)" % detail))
        return encode_frame({"type": "send", "address": reply_to, "headers": {},
                             "body": _failure("INTERNAL", reason, False)})

    def _reply(self, reply_to, body, request_id=None):
        if not reply_to:
            if not body.get("ok", True):
                self.log("a message without replyAddress failed: %s" % body["error"]["message"])
            return
        sent = self.conn.send_encoded(self._encode_reply(reply_to, body, request_id))
        if not sent:
            self.log("could not reply to %s: the connection is closed" % reply_to)

    # --- control -----------------------------------------------------------------------------------

    def _health(self, reply_to):
        hook = self.plugin._health
        status = {"ok": True, "status": "UP"}
        if hook is not None:
            try:
                result = _resolve(hook())
            except BaseException as e:  # noqa: B036
                status = {"ok": True, "status": "DOWN", "detail": _describe(e)}
            else:
                detail = None
                if isinstance(result, (tuple, list)):
                    up = bool(result[0]) if result else False
                    if len(result) > 1 and result[1] is not None:
                        detail = str(result[1])
                else:
                    up = result is None or bool(result)
                if up:
                    status = {"ok": True, "status": "UP"}
                else:
                    status = {"ok": True, "status": "DOWN", "detail": detail or "the health check failed"}
                if detail is not None:
                    status["detail"] = detail
        self._reply(reply_to, status)

    def _ping_loop(self):
        while not self._exit.wait(PING_INTERVAL):
            if not self.conn.send({"type": "ping"}):
                return

    def _on_signal(self, signum, _frame):
        name = signal.Signals(signum).name
        threading.Thread(target=self.stop, args=(name + " received",), name="dhii-stop", daemon=True).start()

    def stop(self, reason, reply_to=None, reply_wanted=False):
        """Stops taking calls, waits for those in flight (bounded), unloads, answers the shutdown
        request(s), closes the connection and exits 0. Runs once; later calls only
        add their shutdown reply address."""
        with self._state:
            if reply_wanted and reply_to:
                if self._stop_replies_sent:
                    late = True
                else:
                    late = False
                    self._stop_replies.append(reply_to)
            else:
                late = False
            if self._stop_started:
                first = False
            else:
                first = True
                self._stop_started = True
                self._stopping = True
                loaded = self.loaded
        if late:
            self._reply(reply_to, {"ok": True})
        if not first:
            return
        self.log("stopping: %s" % reason)
        with self._state:
            drained = self._state.wait_for(lambda: self._inflight == 0, timeout=DRAIN_TIMEOUT)
            left = self._inflight
        if not drained:
            self.log("%d call(s) still running after %.0f s; stopping anyway" % (left, DRAIN_TIMEOUT))
        if loaded and self.plugin._on_unload is not None:
            self._unload()
        with self._state:
            self._stop_replies_sent = True
            replies = list(self._stop_replies)
        for address in replies:
            self._reply(address, {"ok": True})
        if self.conn is not None:
            self.conn.close()
        self._exit_code = EXIT_OK
        self._exit.set()
        # Exits from here too: the main thread may still be inside a slow on_load hook.
        self._exit_now(EXIT_OK)

    def _unload(self):
        failure = []

        def run_hook():
            try:
                _resolve(self.plugin._on_unload())
            except BaseException as e:  # noqa: B036
                failure.append(e)

        worker = threading.Thread(target=run_hook, name="dhii-unload", daemon=True)
        worker.start()
        worker.join(UNLOAD_TIMEOUT)
        if worker.is_alive():
            self.log("on_unload still running after %.0f s; exiting anyway" % UNLOAD_TIMEOUT)
        elif failure:
            self.log_exception("on_unload failed: %s" % _describe(failure[0]), failure[0])

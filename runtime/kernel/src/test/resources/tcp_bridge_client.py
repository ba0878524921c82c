"""Calls a capability over the Dhii TCP event bus bridge, with the standard library only.

    python3 tcp_bridge_client.py PORT CAPABILITY JSON   ->  prints the output JSON, or the error body and exits 1

A frame is a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
"""
import json
import socket
import struct
import sys


def send(sock, frame):
    data = json.dumps(frame).encode("utf-8")
    sock.sendall(struct.pack(">i", len(data)) + data)


def receive(sock):
    (length,) = struct.unpack(">i", exactly(sock, 4))
    return json.loads(exactly(sock, length).decode("utf-8"))


def exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("the bridge closed the connection")
        data += chunk
    return data


def invoke(port, capability, body, timeout_ms=5000, token=None):
    headers = {"dhii-timeout-ms": str(timeout_ms)}
    if token:
        headers["authorization"] = "Bearer " + token
    with socket.create_connection(("127.0.0.1", port), timeout=timeout_ms / 1000 + 5) as sock:
        send(sock, {"type": "send", "address": "dhii.cap." + capability, "replyAddress": "py-1",
                    "headers": headers, "body": body})
        reply = receive(sock)
    if reply["type"] == "err":
        raise RuntimeError(reply.get("message"))
    return reply["body"]


if __name__ == "__main__":
    try:
        print(json.dumps(invoke(int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]))))
    except RuntimeError as error:
        print(error)
        sys.exit(1)

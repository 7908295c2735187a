"""A minimal LSP client over stdio: JSON-RPC framed with Content-Length."""
import json
import os
import queue
import subprocess
import threading
import time


class LspClient:
    def __init__(self, cmd, cwd, stderr_path):
        self.stderr = open(stderr_path, "wb")
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr)
        self.next_id = 1
        self.messages = queue.Queue()
        self.pending = []  # notifications and server requests not yet taken
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode().strip()
                if not line:
                    break
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def _send(self, msg):
        data = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _next(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        try:
            msg = self.messages.get(timeout=remaining)
        except queue.Empty:
            raise TimeoutError
        if msg is None:
            raise RuntimeError("the server closed its output (exit code %s)"
                               % self.proc.poll())
        if "method" in msg and "id" in msg:
            # A request from the server (e.g. window/workDoneProgress/create).
            self._send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
        return msg

    def request(self, method, params, timeout=60):
        rid = self.next_id
        self.next_id += 1
        self._send({"jsonrpc": "2.0", "id": rid, "method": method,
                    "params": params})
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline)
            if msg.get("id") == rid and "method" not in msg:
                if "error" in msg:
                    raise RuntimeError("%s failed: %s" % (method, msg["error"]))
                return msg.get("result")
            if "method" in msg and "id" not in msg:
                self.pending.append(msg)

    def wait_notification(self, method, pred, timeout=60):
        for i, msg in enumerate(self.pending):
            if msg["method"] == method and pred(msg["params"]):
                del self.pending[i]
                return msg["params"]
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline)
            if msg.get("method") == method and pred(msg["params"]):
                return msg["params"]

    def close(self):
        try:
            self.request("shutdown", None, timeout=20)
            self.notify("exit", None)
            return self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.stderr.close()


def uri(path):
    return "file://" + os.path.abspath(path)


def apply_edits(text, edits):
    """Applies LSP TextEdits (ASCII text: UTF-16 columns are bytes)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(pos):
        return starts[pos["line"]] + pos["character"]

    for e in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        a, b = offset(e["range"]["start"]), offset(e["range"]["end"])
        text = text[:a] + e["newText"] + text[b:]
    return text

"""A tiny scripted OpenAI-compatible server for tests (stdlib only, 127.0.0.1, port 0).

Each test queues the replies it wants (429 with Retry-After, 500 then success, a slow
answer, malformed JSON, …); the server pops one per request (the last reply repeats) and
records every request so tests can count attempts and inspect bodies.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted HTTP answer."""

    status: int = 200
    body: Any = None  # JSON-serialisable, or bytes sent as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def completion(
    paragraphs: list[str] | None = None,
    *,
    content: str | None = None,
    model: str = "fake-model",
    prompt_tokens: int = 120,
    completion_tokens: int = 80,
    refusal: str | None = None,
    finish_reason: str = "stop",
) -> Reply:
    """A successful chat completion; ``paragraphs`` become ``{"paragraphs": [...]}``."""
    if content is None:
        content = json.dumps({"paragraphs": paragraphs or []}) if refusal is None else None
    return Reply(
        200,
        {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        },
    )


def no_choices() -> Reply:
    reply = completion(["unused"])
    reply.body["choices"] = []
    return reply


def error(
    status: int,
    message: str,
    *,
    type_: str = "invalid_request_error",
    code: str | None = None,
    param: str | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """An OpenAI-style error body."""
    body = {"error": {"message": message, "type": type_, "code": code, "param": param}}
    return Reply(status, body, dict(headers or {}))


class FakeServer:
    """Serve scripted replies on 127.0.0.1; use as a context manager (see ``serve``)."""

    def __init__(
        self, replies: list[Reply] | None = None, handler: Callable[[Recorded], Reply] | None = None
    ) -> None:
        self.replies: list[Reply] = list(replies or [])
        self.handler = handler
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def queue(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a scripted delay
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next(self, request: Recorded) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.handler is not None:
                return self.handler(request)
            if not self.replies:
                return error(500, "fake server: no reply scripted")
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else header and body writes wait ~40 ms

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self._serve(b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._serve(self.rfile.read(length))

            def _serve(self, body: bytes) -> None:
                recorded = Recorded(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
                reply = server._next(recorded)
                if reply.delay and server._stopping.wait(reply.delay):
                    return
                payload = (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

        return Handler


@contextmanager
def serve(
    *replies: Reply,
    handler: Callable[[Recorded], Reply] | None = None,
) -> Iterator[FakeServer]:
    """``with serve(error(500, "x"), completion(["ok"])) as server: ...``"""
    server = FakeServer(list(replies), handler).start()
    try:
        yield server
    finally:
        server.stop()

"""A local OpenAI-compatible server that answers every chat completion after a fixed delay.

For bench/generate_llm.py: it measures OUR overhead (client, retries, cache, guards,
writing, thread pool), so the server's latency is a constant (default 200 ms) and its
answers are valid, guard-passing documents built from the profile in the request: the
profile JSON between the prompt's data markers is validated back into a Profile and
drafted by the templates backend (the document kind is read from the prompt).

    python bench/fake_llm_server.py --delay 0.2 [--port 0]

Prints ``READY <base_url>`` on stdout once listening. ``GET /stats`` returns the number
of chat completions served; ``POST /stats/reset`` zeroes it; ``POST /prepare`` with a
list of request bodies renders their answers ahead of the measurement.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DATA = re.compile(r"<<<PROFILE_DATA\n(.*?)\nPROFILE_DATA>>>", re.DOTALL)
# The first line of each prompts/<kind>.j2 task, in words the prompt is sure to use.
KIND_WORDS = (
    ("cover-letter", "cover letter"),
    ("linkedin-headline", "LinkedIn headline"),
    ("linkedin-about", '"About" section'),
    ("networking-message", "networking message"),
    ("interview-answer", "interview"),
)
WORDS_TO_LENGTH = {"150": "short", "300": "medium", "400": "long"}


class Answers:
    """Builds the answer for one request and counts requests (thread-safe).

    Drafts are memoised by the data block's text, and ``prepare`` can render them before
    the measurement starts, so the server's own CPU stays out of the measured latency
    (the two processes share the machine's cores).
    """

    def __init__(self) -> None:
        from stepback_docs.backends.templates import TemplatesBackend

        self.templates = TemplatesBackend()
        self.lock = threading.Lock()
        self.count = 0
        self.memo: dict[tuple[str, str, str], list[str]] = {}

    def paragraphs(self, data: str, kind: str, length: str) -> list[str]:
        from stepback_docs.model import Profile

        key = (data, kind, length)
        cached = self.memo.get(key)
        if cached is None:
            profile = Profile.model_validate(json.loads(data))
            cached = self.templates.draft(profile, kind, length=length).paragraphs  # type: ignore[arg-type]
            self.memo[key] = cached
        return cached

    def prepare(self, body: dict[str, Any]) -> None:
        """Render the answer to ``body`` now (not counted as a request)."""
        self._answer(body)

    def completion(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.count += 1
        return self._answer(body)

    def _answer(self, body: dict[str, Any]) -> dict[str, Any]:
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        task = user.split("<<<PROFILE_DATA")[0]
        kind = next((k for k, words in KIND_WORDS if words in task), "cover-letter")
        words = re.search(r"about (\d+) words", task)
        length = (
            WORDS_TO_LENGTH.get(words.group(1), "medium")
            if words and kind == "cover-letter"
            else "medium"
        )
        match = DATA.search(user)
        if match is None:
            raise ValueError("no profile data block in the prompt")
        paragraphs = self.paragraphs(match.group(1), kind, length)
        structured = "response_format" in body
        content = json.dumps({"paragraphs": paragraphs}) if structured else "\n\n".join(paragraphs)
        prompt_tokens = sum(len(m["content"]) for m in body["messages"]) // 4
        completion_tokens = len(content) // 4
        return {
            "id": f"chatcmpl-bench-{self.count}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "bench-model"),
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": content},
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a --jobs 16 client opens 16 connections at once


def make_server(delay: float, port: int = 0) -> ThreadingHTTPServer:
    answers = Answers()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else header and body writes wait ~40 ms

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/stats"):
                self._send(200, {"requests": answers.count})
            else:
                self._send(200, {"object": "list", "data": [{"id": "bench-model"}]})

        def do_POST(self) -> None:
            started = time.monotonic()
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.rstrip("/").endswith("/stats/reset"):
                with answers.lock:
                    answers.count = 0
                self._send(200, {"requests": 0})
                return
            if self.path.rstrip("/").endswith("/prepare"):  # bodies to render ahead
                for request in json.loads(body):
                    answers.prepare(request)
                self._send(200, {"prepared": len(answers.memo)})
                return
            try:
                payload = answers.completion(json.loads(body))
            except Exception as exc:  # a bench bug should be visible, not a hang
                self._send(
                    400,
                    {"error": {"message": f"fake server: {exc}", "type": "invalid_request_error"}},
                )
                return
            # The answer leaves exactly `delay` after the request arrived.
            time.sleep(max(0.0, delay - (time.monotonic() - started)))
            self._send(200, payload)

    server = _Server(("127.0.0.1", port), Handler)
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per answer")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    server = make_server(args.delay, args.port)
    host, port = server.server_address[:2]
    print(f"READY http://{host!s}:{port}/v1", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

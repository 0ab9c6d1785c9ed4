"""The ``openai`` backend: drafts through the official SDK against any compatible server.

Works with OpenAI itself or a local server (llama.cpp, vLLM, Ollama …) via ``base_url`` /
``OPENAI_BASE_URL``. Design points:

* the SDK's own retries are off (``max_retries=0``); ``retry.call_with_retries`` is the
  one retry layer, so attempts and waits are counted and testable;
* structured output (``{"paragraphs": [...]}``) is asked for first as OpenAI's
  ``json_schema``, then as the ``json_object`` + schema that llama.cpp/vLLM understand; a
  server that rejects both (400/422 naming response_format) gets plain text from then
  on, parsed by ``parsing``;
* answers are cached on disk by a hash of the logical request, so a re-run makes no API
  calls (``Draft.requests == 0``);
* the API key never appears in errors, logs, cache entries or ``repr``;
* ``openai`` is imported when a backend is constructed, never on the lint path.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

from ..documents import KINDS, Draft, Length, Usage
from ..model import Profile
from . import parsing, prompting
from .cache import DiskCache, default_cache_dir, request_key
from .llm_errors import (
    AnswerTooLarge,
    LLMAuthError,
    LLMBadResponse,
    LLMConfigError,
    LLMError,
    LLMModelNotFound,
    LLMQuotaExceeded,
    LLMRateLimited,
    LLMRefusal,
    LLMRequestRejected,
    LLMServerError,
    LLMUnreachable,
    key_problem,
    redact,
    split_credentials,
)
from .retry import (
    RetryPolicy,
    call_with_retries,
    is_quota_exhausted,
    mentions_response_format,
    retry_after_seconds,
    status_of,
)

log = logging.getLogger("stepback_docs.llm")

DEFAULT_MODEL: Final = "gpt-4o-mini"
DEFAULT_BASE_URL: Final = "https://api.openai.com/v1"
NO_KEY: Final = "no-key-needed"  # local servers ignore the key, the SDK insists on one


class _UserCache:
    """Sentinel default for ``cache_dir``: the user's cache folder."""

    def __repr__(self) -> str:
        return "USER_CACHE"


USER_CACHE: Final = _UserCache()

# Upper bound on answer size per kind (tokens); prompts set the real length targets.
MAX_TOKENS: Final[dict[str, int]] = {
    "cover-letter": 1000,
    "linkedin-headline": 150,
    "linkedin-about": 900,
    "networking-message": 500,
    "interview-answer": 500,
}

LENGTH_SCALE: Final[dict[str, float]] = {"short": 0.6, "medium": 0.8, "long": 1.0}

PARAGRAPHS_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "paragraphs": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
    "required": ["paragraphs"],
    "additionalProperties": False,
}
RESPONSE_FORMAT: Final[dict[str, Any]] = {
    "type": "json_schema",
    "json_schema": {"name": "document", "strict": True, "schema": PARAGRAPHS_SCHEMA},
}

# llama.cpp, vLLM and others: JSON mode constrained by a schema (a grammar).
JSON_OBJECT_FORMAT: Final[dict[str, Any]] = {"type": "json_object", "schema": PARAGRAPHS_SCHEMA}
# Tried in order; a server that rejects one (400/422 about response_format) gets the next.
MODES: Final = ("json_schema", "json_object", "text")


class OpenAIBackend:
    """Drafts documents with an OpenAI-compatible chat completions API.

    Thread-safe: one instance can serve many ``--jobs`` threads (the SDK client pools
    connections; the cache writes atomically).
    """

    name = "openai"

    def __init__(
        self,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 60,
        max_attempts: int = 5,
        cache_dir: Path | str | _UserCache | None = USER_CACHE,
        *,
        temperature: float = 0.7,
        structured: bool = True,
        retry_policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        http_client: Any = None,
    ) -> None:
        self.model = model or os.environ.get("OPENAI_MODEL") or DEFAULT_MODEL
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        self.base_url = self.base_url.rstrip("/")
        # Every message, log line and repr names the server by ``url``: the base URL
        # without any user:password in it.
        self.url, password = split_credentials(self.base_url)
        if not re.match(r"^https?://[^/\s]+", self.base_url):
            raise LLMConfigError(
                f"bad LLM server URL {self.url!r}: expected http(s)://host[:port]/v1"
            )
        if any(c.isspace() or not c.isprintable() for c in self.base_url):
            raise LLMConfigError(
                f"bad LLM server URL {self.url!r}: it contains a space or control character"
            )
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if self.base_url == DEFAULT_BASE_URL:
                raise LLMConfigError(
                    "no API key for OpenAI: set OPENAI_API_KEY, or pass --base-url for a "
                    "local server, or use --backend templates (no key needed)"
                )
            key = NO_KEY
        problem = key_problem(key)
        if problem:
            raise LLMConfigError(
                f"the API key (OPENAI_API_KEY) is malformed: it contains {problem}; copy it again"
            )
        self._api_key = key
        self._secrets = tuple(s for s in (key, password) if s and s != NO_KEY)
        self.timeout = float(timeout)
        self.temperature = temperature
        self.policy = retry_policy or RetryPolicy(max_attempts=max_attempts)
        self._sleep = sleep
        self._preferred = 0 if structured else len(MODES) - 1
        self._mode_index = self._preferred  # learned: moves on when the server rejects one
        self._lock = threading.Lock()
        if isinstance(cache_dir, _UserCache):
            cache_dir = default_cache_dir()
        self.cache = DiskCache(Path(cache_dir)) if cache_dir is not None else None

        try:
            import httpx2
            import openai  # lazily: only users of this backend pay for the SDK import
        except ImportError as exc:
            raise LLMConfigError(
                f"--backend openai needs the OpenAI client, which is not installed ({exc}): "
                "pip install 'stepback-docs[openai]'"
            ) from None

        self._raw_response = httpx2.Response
        # Every answer's body is read through a cap (a 200 MB answer cost 1.9 GB).
        if http_client is None:
            http_client = openai.DefaultHttpxClient(event_hooks={"response": [_cap_body]})
        else:
            http_client.event_hooks = {
                **http_client.event_hooks,
                "response": [*http_client.event_hooks.get("response", []), _cap_body],
            }
        self._client = openai.OpenAI(
            api_key=key,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=0,  # retries happen in exactly one layer: retry.py
            http_client=http_client,
        )

    def __repr__(self) -> str:
        return f"OpenAIBackend(model={self.model!r}, base_url={self.url!r})"

    # ------------------------------------------------------------------ drafting

    def draft(
        self,
        profile: Profile,
        kind: str,
        *,
        length: Length = "medium",
        feedback: list[str] | None = None,
        attempt: int = 1,
    ) -> Draft:
        """One draft of ``kind``; ``feedback`` lists what was wrong with the last one.

        ``attempt`` is part of the cache key, not of the request: a redraft whose
        feedback repeats the last one's sends the same request, and must not get the
        rejected answer back from the cache (a re-run still replays every attempt)."""
        if kind not in KINDS:
            raise LLMConfigError(f"unknown document kind {kind!r}; expected one of {KINDS}")
        # The cache key is the request we would make to a fully capable server, so a
        # re-run hits the cache even before this instance learns what the server lacks.
        logical = self._request(profile, kind, length, feedback, MODES[self._preferred])
        key = request_key({"base_url": self.base_url, "attempt": attempt, **logical})
        if self.cache is not None:
            hit = _draft_from_cache(self.cache.get(key))
            if hit is not None:
                log.debug("cache hit %s for %s", key[:12], kind)
                return hit

        counter = [0]
        try:
            completion, mode = self._send_best_mode(
                lambda m: self._request(profile, kind, length, feedback, m), logical, counter
            )
            paragraphs, usage, model = self._read(completion, mode != "text")
        except LLMError as exc:
            exc.requests = counter[0]  # what the failure cost, for the batch's totals
            raise
        draft = Draft(paragraphs=paragraphs, usage=usage, model=model, requests=counter[0])
        if self.cache is not None:
            self.cache.put(
                key,
                {
                    "paragraphs": paragraphs,
                    "usage": [usage.prompt_tokens, usage.completion_tokens],
                    "model": model,
                },
            )
        return draft

    @property
    def asks_for_json(self) -> bool:
        """Whether requests go out with a JSON response format (not yet refused)."""
        return MODES[self._mode_index] != "text"

    def ask(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        name: str,
    ) -> Answer:
        """One answer to ``messages``, as JSON following ``schema`` where the server
        can constrain it (else plain text): for uses other than drafting a document,
        such as the linter's second opinion. Cached like drafts; same retries, errors
        and response-format fallback."""
        formats = {
            "json_schema": {
                "type": "json_schema",
                "json_schema": {"name": name, "strict": True, "schema": schema},
            },
            "json_object": {"type": "json_object", "schema": schema},
        }

        def build(mode: str) -> dict[str, Any]:
            request: dict[str, Any] = {
                "model": self.model,
                "messages": messages,
                "temperature": 0.0,
                "max_tokens": max_tokens,
            }
            if mode in formats:
                request["response_format"] = formats[mode]
            return request

        logical = build(MODES[self._preferred])
        key = request_key({"base_url": self.base_url, "purpose": name, **logical})
        if self.cache is not None:
            entry = self.cache.get(key)
            if entry is not None and isinstance(entry.get("content"), str):
                return Answer(entry["content"], entry.get("structured") is True, Usage(), 0)
        counter = [0]
        try:
            completion, mode = self._send_best_mode(build, logical, counter)
            content, usage, model, _ = self._content(completion)
        except LLMError as exc:
            exc.requests = counter[0]
            raise
        structured = mode != "text"
        if self.cache is not None:
            self.cache.put(key, {"content": content, "structured": structured, "model": model})
        return Answer(content, structured, usage, counter[0], model)

    def _send_best_mode(
        self,
        build: Callable[[str], dict[str, Any]],
        logical: dict[str, Any],
        counter: list[int],
    ) -> tuple[Any, str]:
        """Send the request in the best response format the server accepts, learning
        (for this instance) which ones it rejects."""
        index = self._mode_index
        while True:
            mode = MODES[index]
            request = logical if mode == MODES[self._preferred] else build(mode)
            try:
                return self._send(request, counter), mode
            except LLMRequestRejected as exc:
                if mode == "text" or not exc.about_response_format:
                    raise
                index += 1
                log.info("%s rejected response_format %s; trying %s", self.url, mode, MODES[index])
                with self._lock:
                    self._mode_index = max(self._mode_index, index)

    def _request(
        self,
        profile: Profile,
        kind: str,
        length: str,
        feedback: list[str] | None,
        mode: str,
    ) -> dict[str, Any]:
        messages = prompting.render_messages(
            profile, kind, length=length, feedback=feedback, structured=mode != "text"
        )
        request: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": self.temperature,
            "max_tokens": round(MAX_TOKENS[kind] * LENGTH_SCALE.get(length, 1.0)),
        }
        if mode == "json_schema":
            request["response_format"] = RESPONSE_FORMAT
        elif mode == "json_object":
            request["response_format"] = JSON_OBJECT_FORMAT
        return request

    # ----------------------------------------------------------------- transport

    def _send(self, request: dict[str, Any], counter: list[int]) -> Any:
        """POST with retries; any failure becomes a one-line ``LLMError``."""

        def attempt() -> Any:
            counter[0] += 1
            if log.isEnabledFor(logging.DEBUG):
                log.debug(
                    "request %d to %s/chat/completions model=%s:\n%s",
                    counter[0],
                    self.url,
                    self.model,
                    "\n".join(f"[{m['role']}] {m['content']}" for m in request["messages"]),
                )
            # The SDK's generic POST: same auth, headers, timeout and error classes as
            # chat.completions.create(), without its per-call TypedDict transform and
            # model construction (1.9 -> 0.9 ms CPU per request; a --jobs batch is
            # CPU-bound on the GIL, so this is a third of the LLM layer's cost).
            return self._client.post("/chat/completions", body=request, cast_to=self._raw_response)

        try:
            return call_with_retries(attempt, self.policy, sleep=self._sleep)
        except LLMError:
            raise
        except Exception as exc:
            error = self._translate(exc, counter[0])
            if error is None:
                raise
            raise error from None

    def _translate(self, exc: Exception, attempts: int) -> LLMError | None:
        import openai

        url = self.url
        tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
        detail = self._detail(exc)
        if isinstance(exc, openai.APITimeoutError):
            return LLMUnreachable(
                f"no answer from the LLM server at {url} within {self.timeout:g}s "
                f"({tries}): is it overloaded? try a longer --timeout"
            )
        if AnswerTooLarge in (type(exc), type(exc.__cause__)):  # raw, or wrapped by the SDK
            return LLMBadResponse(
                f"the LLM server at {url} sent an answer larger than "
                f"{MAX_ANSWER_BYTES // 2**20} MB: not a chat completion"
            )
        if isinstance(exc, openai.APIConnectionError):
            return LLMUnreachable(
                f"cannot connect to the LLM server at {url} ({tries}): is it running? "
                "check --base-url / OPENAI_BASE_URL"
            )
        if isinstance(exc, openai.APIResponseValidationError | ValueError):
            return LLMBadResponse(
                f"the LLM server at {url} returned malformed JSON (not a chat completion)"
            )
        status = status_of(exc)
        if status is None:
            return None
        if status == 401:
            return LLMAuthError(
                f"the LLM server at {url} rejected the API key (401): check OPENAI_API_KEY"
            )
        if status == 403:
            return LLMAuthError(
                f"the API key may not use model {self.model!r} at {url} (403){detail}"
            )
        if status == 404:
            return LLMModelNotFound(
                f"model {self.model!r} not found at {url} (404): check --model and "
                f"--base-url{detail}"
            )
        if status == 429 and is_quota_exhausted(exc):
            return LLMQuotaExceeded(
                f"the account for this API key has no quota left at {url} "
                "(429 insufficient_quota): check billing; retrying will not help"
            )
        if status == 429:
            asked = retry_after_seconds(exc)
            if asked is not None and asked > self.policy.max_retry_after:
                return LLMRateLimited(
                    f"rate limited by {url} (429): the server asks to wait {asked:.0f}s, "
                    f"longer than {self.policy.max_retry_after:g}s; try again later"
                )
            return LLMRateLimited(
                f"rate limited by {url} (429) on all {tries}: lower --jobs or try later"
            )
        if status >= 500 and not mentions_response_format(exc):
            return LLMServerError(
                f"the LLM server at {url} failed with HTTP {status} on all {tries}{detail}"
            )
        rejected = LLMRequestRejected(
            f"the LLM server at {url} rejected the request (HTTP {status}){detail}"
        )
        rejected.about_response_format = mentions_response_format(exc)
        return rejected

    def _detail(self, exc: Exception) -> str:
        """': <server message>' on one line, trimmed, without the key."""
        body = getattr(exc, "body", None)
        message: Any = None
        if isinstance(body, dict):
            message = body.get("message") or body.get("detail")
        if message is None:
            message = getattr(exc, "message", None)
        if not message:
            return ""
        text = re.sub(r"\s+", " ", str(message)).strip()
        for secret in self._secrets:
            text = redact(text, secret)
        text = re.sub(r"\bsk-[A-Za-z0-9_*-]{4,}", "[redacted]", text)
        return f": {text[:240]}"

    # ------------------------------------------------------------------ answers

    def _content(self, response: Any) -> tuple[str, Usage, str, bool]:
        """The answer's text, usage, model name and whether it was cut off at
        max_tokens, from a chat completion; or a one-line error (malformed, no
        choices, refusal, empty)."""
        url = self.url
        malformed = LLMBadResponse(
            f"the LLM server at {url} returned malformed JSON (not a chat completion)"
        )
        try:
            data = json.loads(response.content)
        except ValueError:
            raise malformed from None
        if not isinstance(data, dict) or not isinstance(data.get("choices"), list):
            raise malformed
        counts = _mapping(data.get("usage"))
        usage = Usage(_count(counts.get("prompt_tokens")), _count(counts.get("completion_tokens")))
        model: str = data["model"] if isinstance(data.get("model"), str) else self.model
        choices = data["choices"]
        if not choices:
            raise LLMBadResponse(
                f"the LLM server at {url} returned no choices for model {self.model!r}"
            )
        choice = _mapping(choices[0])
        message = _mapping(choice.get("message"))
        refusal = message.get("refusal")
        finish_reason = choice.get("finish_reason")
        if refusal or finish_reason == "content_filter":
            reason = re.sub(r"\s+", " ", str(refusal or "content filter"))[:160]
            raise LLMRefusal(f"the model {self.model!r} refused to write this document: {reason}")
        content = message.get("content")
        if content is not None and not isinstance(content, str):
            raise malformed
        if not content or not content.strip():
            raise LLMBadResponse(f"the model {self.model!r} at {url} returned an empty answer")
        for secret in self._secrets:  # a server that echoes the key must not get it cached
            content = redact(content, secret)
        return content, usage, model, finish_reason == "length"

    def _read(self, response: Any, structured: bool) -> tuple[list[str], Usage, str]:
        """Paragraphs, usage and model name from a chat completion, or a one-line error."""
        content, usage, model, finish_cut = self._content(response)
        try:
            paragraphs = parsing.parse(content, structured=structured)
        except parsing.ParseError as exc:
            cut = " (cut off at max_tokens)" if finish_cut else ""
            raise LLMBadResponse(f"{exc}{cut}; model {self.model!r} at {self.url}") from None
        if parsing.looks_like_refusal(paragraphs):
            raise LLMRefusal(
                f"the model {self.model!r} refused to write this document: {paragraphs[0][:160]}"
            )
        log.debug(
            "answer from %s: %d paragraphs, %d tokens", model, len(paragraphs), usage.total_tokens
        )
        return paragraphs, usage, model


MAX_ANSWER_BYTES = 8 * 2**20  # a document's answer is a few KB


@functools.cache
def _capped_stream() -> type:
    """A response body type that stops being read past ``MAX_ANSWER_BYTES`` (made on
    first use: the HTTP library is imported only by users of this backend)."""
    import httpx2

    class CappedStream(httpx2.SyncByteStream):
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __iter__(self) -> Iterator[bytes]:
            total = 0
            for chunk in self.inner:
                total += len(chunk)
                if total > MAX_ANSWER_BYTES:
                    raise AnswerTooLarge(f"answer larger than {MAX_ANSWER_BYTES} bytes")
                yield chunk

        def close(self) -> None:
            self.inner.close()

    return CappedStream


def _cap_body(response: Any) -> None:
    """httpx response hook (runs before the body is read): refuse a declared size past
    the cap at once, and read any other body through the capped stream."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
        raise AnswerTooLarge(f"answer of {declared} bytes")
    response.stream = _capped_stream()(response.stream)


class Answer:
    """A raw answer from ``OpenAIBackend.ask``: its text, whether it was asked for as
    JSON, usage, requests made (0 from the cache) and the model that wrote it."""

    __slots__ = ("content", "model", "requests", "structured", "usage")

    def __init__(
        self,
        content: str,
        structured: bool,
        usage: Usage,
        requests: int,
        model: str | None = None,
    ) -> None:
        self.content = content
        self.structured = structured
        self.usage = usage
        self.requests = requests
        self.model = model


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _count(value: Any) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def _draft_from_cache(entry: dict[str, Any] | None) -> Draft | None:
    """A cached answer as a Draft that cost nothing this run (no requests, no tokens)."""
    if entry is None:
        return None
    paragraphs = entry.get("paragraphs")
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        return None
    model = entry.get("model")
    return Draft(
        paragraphs=list(paragraphs),
        usage=Usage(),
        model=model if isinstance(model, str) else None,
        requests=0,
    )

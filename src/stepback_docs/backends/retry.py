"""Transport retries, at exactly one layer: here (the SDK client runs with max_retries=0).

Rate limits, 5xx, timeouts and dropped connections are worth another try; a wrong key, a
wrong model, a bad request or an exhausted quota are not, because the same request will
fail the same way. Waits grow exponentially with jitter up to a cap, except when the
server says how long to wait (``retry-after-ms`` / ``Retry-After``): then we wait exactly
that, unless it is longer than we are willing to wait at all.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import tenacity

from .llm_errors import AnswerTooLarge

log = logging.getLogger("stepback_docs.llm")
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts and how long to wait between them (seconds)."""

    max_attempts: int = 5
    initial_wait: float = 0.5
    max_wait: float = 20.0  # cap on one exponential-backoff wait
    max_retry_after: float = 60.0  # longest server-requested wait we honour
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def backoff(self, attempt: int) -> float:
        """Wait after failed attempt number ``attempt`` (1-based): full-range jitter."""
        ceiling = min(self.max_wait, self.initial_wait * 2 ** (attempt - 1))
        return float(ceiling / 2 + self.rng.uniform(0, ceiling / 2))


def status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def error_code(exc: BaseException) -> str | None:
    """The API's machine-readable error code (``insufficient_quota`` …), if any."""
    code = getattr(exc, "code", None)
    if code:
        return str(code)
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            for key in ("code", "type"):
                if inner.get(key):
                    return str(inner[key])
    return None


def is_quota_exhausted(exc: BaseException) -> bool:
    return status_of(exc) == 429 and error_code(exc) == "insufficient_quota"


def retry_after_seconds(exc: BaseException, now: Callable[[], float] = time.time) -> float | None:
    """Seconds the server asked us to wait, from ``retry-after-ms`` or ``Retry-After``."""
    response = getattr(exc, "response", None)
    headers: Any = getattr(response, "headers", None)
    if headers is None:
        return None
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / divisor
        except ValueError:
            if name == "retry-after":
                parsed = email.utils.parsedate_tz(value)
                if parsed is not None:
                    return max(0.0, float(email.utils.mktime_tz(parsed)) - now())
            continue
        if seconds == seconds and seconds >= 0:  # not NaN, not negative
            return seconds
    return None


def mentions_response_format(exc: BaseException) -> bool:
    """Is this the server refusing our ``response_format``? (Permanent for that request.)

    llama-cpp-python's server reports request validation errors as HTTP 500, so a 5xx
    that names ``response_format`` is a rejection, not an outage.
    """
    text = f"{getattr(exc, 'message', '')} {getattr(exc, 'body', '')}"
    return any(word in text for word in ("response_format", "json_schema", "json_object"))


def is_transient(exc: BaseException, policy: RetryPolicy) -> bool:
    """Would the same request plausibly succeed a little later?"""
    import openai

    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        # an answer cut off for being too large would only be too large again
        return not isinstance(exc.__cause__, AnswerTooLarge)
    status = status_of(exc)
    if status == 408:  # the server timed out waiting for us
        return True
    if status == 429:
        if is_quota_exhausted(exc):
            return False
        wait = retry_after_seconds(exc)
        return wait is None or wait <= policy.max_retry_after
    return status is not None and status >= 500 and not mentions_response_format(exc)


class _Wait:
    """tenacity wait strategy: the server's Retry-After if given, else backoff."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy

    def __call__(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if exc is not None and status_of(exc) in (429, 503):
            asked = retry_after_seconds(exc)
            if asked is not None:
                return min(asked, self.policy.max_retry_after)
        return self.policy.backoff(state.attempt_number)


def call_with_retries(
    func: Callable[[], T],
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``func`` until it succeeds, a permanent error occurs or attempts run out.

    The last exception is re-raised unchanged so the caller can word it.
    """

    def before_sleep(state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.info(
            "attempt %d failed (%s); retrying in %.2fs",
            state.attempt_number,
            type(exc).__name__,
            wait,
        )

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(policy.max_attempts),
        wait=_Wait(policy),
        retry=tenacity.retry_if_exception(lambda exc: is_transient(exc, policy)),
        sleep=sleep,
        reraise=True,
        before_sleep=before_sleep,
    )
    return retrying(func)

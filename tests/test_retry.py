"""retry.py: which failures are retried, how long we wait, and that it is one layer."""

from __future__ import annotations

import email.utils
import random

import httpx2
import openai
import pytest

from stepback_docs.backends.retry import (
    RetryPolicy,
    call_with_retries,
    error_code,
    is_quota_exhausted,
    is_transient,
    retry_after_seconds,
)

REQUEST = httpx2.Request("POST", "http://127.0.0.1:1/v1/chat/completions")
POLICY = RetryPolicy(max_attempts=4, initial_wait=1.0, max_wait=8.0, max_retry_after=60.0)


def status_error(
    status: int, headers: dict[str, str] | None = None, body: object = None
) -> openai.APIStatusError:
    response = httpx2.Response(status, headers=headers or {}, request=REQUEST)
    classes: dict[int, type[openai.APIStatusError]] = {
        400: openai.BadRequestError,
        401: openai.AuthenticationError,
        403: openai.PermissionDeniedError,
        404: openai.NotFoundError,
        422: openai.UnprocessableEntityError,
        429: openai.RateLimitError,
    }
    cls = classes.get(
        status, openai.InternalServerError if status >= 500 else openai.APIStatusError
    )
    return cls(f"Error code: {status}", response=response, body=body)


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


# ---------------------------------------------------------------- classification


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_permanent(status: int) -> None:
    assert not is_transient(status_error(status), POLICY)


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504, 529])
def test_server_errors_are_transient(status: int) -> None:
    assert is_transient(status_error(status), POLICY)


def test_connection_problems_and_timeouts_are_transient() -> None:
    assert is_transient(openai.APIConnectionError(request=REQUEST), POLICY)
    assert is_transient(openai.APITimeoutError(request=REQUEST), POLICY)


def test_rate_limit_is_transient_but_exhausted_quota_is_not() -> None:
    assert is_transient(status_error(429, body={"code": "rate_limit_exceeded"}), POLICY)
    quota = status_error(429, body={"type": "insufficient_quota", "code": "insufficient_quota"})
    assert is_quota_exhausted(quota) and error_code(quota) == "insufficient_quota"
    assert not is_transient(quota, POLICY)


def test_a_retry_after_beyond_the_cap_is_not_waited_for() -> None:
    assert is_transient(status_error(429, {"retry-after": "60"}), POLICY)
    assert not is_transient(status_error(429, {"retry-after": "61"}), POLICY)


def test_llama_cpp_validation_500_naming_response_format_is_permanent() -> None:
    body = {
        "message": "1 validation error: ('body', 'response_format', 'type') Input "
        "should be 'text' or 'json_object'"
    }
    assert not is_transient(status_error(500, body=body), POLICY)
    assert is_transient(status_error(500, body={"message": "CUDA out of memory"}), POLICY)


# ------------------------------------------------------------------- Retry-After


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after-ms": "soon", "retry-after": "3"}, 3.0),
        ({}, None),
        ({"retry-after": "-4"}, None),
        ({"retry-after": "whenever"}, None),
    ],
)
def test_retry_after_headers(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after_seconds(status_error(429, headers)) == seconds


def test_retry_after_as_an_http_date() -> None:
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert retry_after_seconds(
        status_error(429, {"retry-after": date}), now=lambda: now
    ) == pytest.approx(30.0)


def test_no_response_means_no_retry_after() -> None:
    assert retry_after_seconds(openai.APIConnectionError(request=REQUEST)) is None


# --------------------------------------------------------------------- waiting


def test_backoff_doubles_with_jitter_up_to_the_cap() -> None:
    policy = RetryPolicy(initial_wait=1.0, max_wait=8.0, rng=random.Random(3))
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (9, 8.0)]:
        waits = {policy.backoff(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(waits) > 40  # jittered, not a constant


def test_call_with_retries_uses_retry_after_then_backoff() -> None:
    failures = [
        status_error(429, {"retry-after": "3"}),
        status_error(503),
        openai.APIConnectionError(request=REQUEST),
    ]
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "ok"

    sleeps = Sleeps()
    policy = RetryPolicy(max_attempts=5, initial_wait=1.0, max_wait=8.0, rng=random.Random(1))
    assert call_with_retries(flaky, policy, sleep=sleeps) == "ok"
    assert len(calls) == 4
    assert sleeps[0] == 3.0  # Retry-After, exactly
    assert 1.0 <= sleeps[1] <= 2.0 and 2.0 <= sleeps[2] <= 4.0  # attempts 2 and 3


def test_503_with_retry_after_is_honoured_too() -> None:
    errors = [status_error(503, {"retry-after": "4"})]

    def once() -> str:
        if errors:
            raise errors.pop()
        return "ok"

    sleeps = Sleeps()
    assert call_with_retries(once, POLICY, sleep=sleeps) == "ok"
    assert sleeps == [4.0]


def test_attempts_are_bounded_and_the_last_error_is_reraised() -> None:
    calls: list[int] = []

    def down() -> None:
        calls.append(1)
        raise status_error(502)

    sleeps = Sleeps()
    with pytest.raises(openai.InternalServerError):
        call_with_retries(down, POLICY, sleep=sleeps)
    assert len(calls) == POLICY.max_attempts and len(sleeps) == POLICY.max_attempts - 1


def test_permanent_errors_are_raised_at_once() -> None:
    calls: list[int] = []

    def unauthorized() -> None:
        calls.append(1)
        raise status_error(401)

    sleeps = Sleeps()
    with pytest.raises(openai.AuthenticationError):
        call_with_retries(unauthorized, POLICY, sleep=sleeps)
    assert calls == [1] and sleeps == []


def test_programming_errors_are_not_retried() -> None:
    calls: list[int] = []

    def bug() -> None:
        calls.append(1)
        raise KeyError("oops")

    with pytest.raises(KeyError):
        call_with_retries(bug, POLICY, sleep=Sleeps())
    assert calls == [1]

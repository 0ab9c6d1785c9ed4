"""One-line errors for everything that can go wrong talking to an LLM server.

Each message names the server URL and the cause, never the API key, so the CLI can print
it as is (``StepbackError`` → exit 2, no traceback).
"""

from __future__ import annotations

from ..documents import Usage
from ..errors import StepbackError


class LLMError(StepbackError):
    """The LLM server could not produce a usable draft.

    ``requests`` and ``usage`` are what was spent on the way (counted by the backend and
    the generator), so a failed document's cost is still reported."""

    requests: int = 0
    usage: Usage | None = None


class AnswerTooLarge(Exception):
    """An answer passed the size cap while it was read: translated to
    ``LLMBadResponse``, never retried (as it is, or wrapped in the SDK's connection
    error)."""


class LLMConfigError(LLMError):
    """Missing key, bad base URL: fixable before any request is made."""


class LLMAuthError(LLMError):
    """401/403: the key is wrong or lacks access."""


class LLMModelNotFound(LLMError):
    """404: the server does not serve the requested model (or the URL path is wrong)."""


class LLMUnreachable(LLMError):
    """Connection refused, DNS failure or timeouts on every attempt."""


class LLMRateLimited(LLMError):
    """429 on every attempt, or a Retry-After longer than we are willing to wait."""


class LLMQuotaExceeded(LLMError):
    """429 ``insufficient_quota``: waiting will not help, billing will."""


class LLMServerError(LLMError):
    """5xx on every attempt."""


class LLMRequestRejected(LLMError):
    """400/422 and other client errors: retrying the same request cannot help."""

    about_response_format = False  # the server does not support our response_format


class LLMBadResponse(LLMError):
    """The server answered, but not with something we can use (malformed, empty)."""


class LLMRefusal(LLMBadResponse):
    """The model declined to write the document."""


def redact(text: str, secret: str | None) -> str:
    """Remove ``secret`` from ``text`` (servers sometimes echo part of a bad key)."""
    if secret and len(secret) >= 4:
        text = text.replace(secret, "[redacted]")
    return text


def split_credentials(url: str) -> tuple[str, str | None]:
    """``url`` without ``user:password@`` (for messages), and the password if any."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        if "@" not in parts.netloc:
            return url, None
        password = parts.password
        host = parts.netloc.rsplit("@", 1)[1]
        return urlunsplit(parts._replace(netloc=host)), password
    except ValueError:  # unparseable (a bad port …): show no part of what may be secret
        return "(an unparseable URL)", None


def key_problem(key: str) -> str | None:
    """What makes ``key`` unusable in an HTTP header, in words (never the key itself)."""
    if not key.isascii():
        return "a non-ASCII character"
    if any(c in "\r\n" for c in key):
        return "a line break"
    if any(c.isspace() for c in key):
        return "a space or tab"
    if not key.isprintable():
        return "a control character"
    return None

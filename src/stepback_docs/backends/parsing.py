"""Turn a model's answer into paragraphs, whether it obeyed the JSON format or not.

Structured answers are ``{"paragraphs": [...]}``. Servers without structured output (and
small models) answer in prose wrapped in chatter: "Here is your cover letter:", code
fences, "Let me know if…". We strip that, split on blank lines, and refuse to guess when
an answer that starts as JSON is broken (a truncated answer is better reported than
half-used).
"""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"^```[\w-]*\s*\n(.*?)\n?```\s*$", re.DOTALL)
_PREAMBLE = re.compile(
    r"^(sure|certainly|of course|absolutely|okay|ok|here(?:'s| is| are)|below is|"
    r"i(?:'ve| have) (?:written|drafted|prepared))\b[^\n]*?(?::|!|\.)\s*$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^(#{1,6}\s.*|\*\*[^*]+\*\*:?|(?:subject|re|title)\s*:.*)$", re.IGNORECASE)
_GREETING = re.compile(r"^(dear|hi|hello)\b[^!?]{0,60}[,:!]$", re.IGNORECASE)
_VALEDICTIONS = (
    r"(sincerely|best regards|kind regards|warm regards|warmly|regards|best|"
    r"respectfully|yours sincerely|yours truly|thank you|thanks|all the best|"
    r"cheers)"
)
_VALEDICTION = re.compile(rf"^{_VALEDICTIONS},?$", re.IGNORECASE)
# A sign-off followed only by a name ("Sincerely, Dana Whitfield"), not a sentence.
_SIGNATURE = re.compile(rf"^(?i:{_VALEDICTIONS}),?(\s+[A-Z][\w.'-]*){{0,4}}$")
_SIGN_OFF_CHATTER = re.compile(
    r"^(let me know|i hope this|feel free|would you like|note:|this (?:cover letter|draft|"
    r"message|answer|headline|summary) )",
    re.IGNORECASE,
)
_REFUSAL = re.compile(
    r"^(i'?m sorry|i am sorry|sorry,|i can(?:not|'t|’t) (?:help|assist|write|do|comply)|"
    r"i (?:won't|will not|am unable to|'m unable to))",
    re.IGNORECASE,
)


class ParseError(ValueError):
    """The answer could not be turned into paragraphs; the message says why."""


def strip_fences(content: str) -> str:
    text = content.strip()
    match = _FENCE.match(text)
    if match:
        return match.group(1).strip()
    # A fence somewhere inside chatter: keep only the fenced part.
    inner = re.search(r"```[\w-]*\s*\n(.*?)\n?```", text, re.DOTALL)
    return inner.group(1).strip() if inner else text


def _has_words(paragraph: str) -> bool:
    """False for debris like "]" or "} }" that a small model emits under a JSON grammar."""
    return re.search(r"[^\W\d_]{2}", paragraph) is not None


def _clean(paragraph: str) -> str:
    return re.sub(r"\s+", " ", paragraph).strip()


def from_json(content: str) -> list[str]:
    """Paragraphs from ``{"paragraphs": [...]}`` (or a bare list of strings)."""
    text = strip_fences(content)
    try:
        data: Any = json.loads(text, strict=False)  # raw newlines inside strings
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"malformed JSON in the model's answer ({exc.msg} at char {exc.pos})"
        ) from None
    if isinstance(data, dict):
        data = data.get("paragraphs")
    if not isinstance(data, list) or not all(isinstance(p, str) for p in data):
        raise ParseError('the model\'s JSON has no "paragraphs" list of strings')
    paragraphs = _trim_furniture([_clean(p) for p in data if _has_words(p)])
    if not paragraphs:
        raise ParseError("the model's JSON has no paragraph with words in it")
    return paragraphs


def _trim_furniture(paragraphs: list[str]) -> list[str]:
    """Drop a greeting or sign-off given as its own paragraph (the writer adds those)."""
    while paragraphs and (_GREETING.match(paragraphs[0]) or _HEADING.match(paragraphs[0])):
        paragraphs = paragraphs[1:]
    while paragraphs and _SIGNATURE.match(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
    return paragraphs


def from_text(content: str) -> list[str]:
    """Paragraphs from prose, without preambles, headings, greetings, sign-offs or fences."""
    text = strip_fences(content)
    if text.startswith(("{", "[")):
        return from_json(text)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    paragraphs: list[str] = []
    for index, block in enumerate(blocks):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if index == 0 and lines and _PREAMBLE.match(lines[0]):
            lines = lines[1:]
        while lines and (_HEADING.match(lines[0]) or _GREETING.match(lines[0])):
            lines = lines[1:]
        if lines and _VALEDICTION.match(lines[0]) and paragraphs:
            break  # the sign-off and the name under it are added by the document writer
        if not lines or not _has_words(" ".join(lines)):
            continue
        paragraph = _clean(" ".join(lines))
        if paragraphs and _SIGN_OFF_CHATTER.match(paragraph):
            break
        paragraphs.append(paragraph)
    if not paragraphs:
        raise ParseError("the model's answer has no text")
    return paragraphs


def parse(content: str, *, structured: bool) -> list[str]:
    """Paragraphs from an answer; JSON first when we asked for JSON."""
    if structured:
        text = strip_fences(content)
        if text.startswith(("{", "[")):
            return from_json(text)
    return from_text(content)


def looks_like_refusal(paragraphs: list[str]) -> bool:
    """A short answer that opens with an apology/decline is a refusal, not a document."""
    return bool(paragraphs) and len(paragraphs) <= 2 and bool(_REFUSAL.match(paragraphs[0]))

"""A second opinion from an LLM (``stepback-docs lint --llm``), checked before it counts.

The document's sentences (never a profile's private notes) go to the model with the
taxonomy, numbered, inside a data block (prompt ``prompts/lint-review.j2``). An answer
counts only where it can be checked:

- a finding must name a taxonomy category and quote words that occur verbatim in the
  sentence it names; it becomes a ``warning`` ``<category>.llm`` over the quoted words;
- it may call a sentence that the offline linter flagged harmless; that finding is kept,
  as ``info``, its message ending "reviewed: harmless (LLM: …)". Nothing is dropped
  silently.

Anything else in the answer (other categories, invented quotes, sentence numbers that
do not exist) is ignored and counted in ``ReviewStats.rejected``.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any

from ..findings import CATEGORIES, SEVERITY_RANK, Finding
from .engine import sentence_spans

LLM = "llm"  # the rule slug of the LLM's findings: "<category>.llm"
REVIEWED = CATEGORIES[:-1]  # every category but leak, which needs the private notes
MAX_SENTENCES = 120  # one request reviews at most this many sentences
MIN_WORDS = 3
REVIEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "sentence": {"type": "integer"},
                    "quote": {"type": "string"},
                    "category": {"type": "string", "enum": list(REVIEWED)},
                    "reason": {"type": "string"},
                },
                "required": ["sentence", "quote", "category", "reason"],
                "additionalProperties": False,
            },
        },
        "harmless": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"sentence": {"type": "integer"}, "reason": {"type": "string"}},
                "required": ["sentence", "reason"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["findings", "harmless"],
    "additionalProperties": False,
}
TEXT_LINE = re.compile(r"^\s*(\d+)\s*\|\s*([a-z-]+)\s*\|\s*(.*?)\s*(?:\|\s*(.*?))?\s*$")


class ReviewStats:
    """What the reviews of one run cost and yielded (thread-safe counters)."""

    def __init__(self) -> None:
        self.requests = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.accepted = 0
        self.harmless = 0
        self.rejected = 0
        self._lock = threading.Lock()

    def add(self, **counts: int) -> None:
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)


class Claim:
    """One checked statement from the model's answer."""

    __slots__ = ("category", "end", "reason", "sentence", "start")

    def __init__(self, sentence: int, category: str, start: int, end: int, reason: str) -> None:
        self.sentence = sentence  # index into the reviewed sentences
        self.category = category  # a taxonomy category, or "harmless"
        self.start = start  # offsets of the quote in the text (harmless: the sentence)
        self.end = end
        self.reason = reason


def _one_line(text: str, limit: int = 200) -> str:
    return re.sub(r"\s+", " ", text).strip()[:limit]


def parse_answer(
    content: str, structured: bool, text: str, spans: list[tuple[int, int]]
) -> tuple[list[Claim], int]:
    """The claims in an answer that can be checked against ``text``, and how many
    statements were rejected (unknown category, quote not in its sentence, bad number)."""
    raw: list[tuple[Any, Any, Any, Any]] = []  # (sentence number, category, quote, reason)
    rejected = 0
    if structured or content.lstrip().startswith("{"):
        try:
            data = json.loads(content)
        except ValueError:
            return [], 1
        if not isinstance(data, dict):
            return [], 1
        for item in data.get("findings") or []:
            if isinstance(item, dict):
                raw.append(
                    (
                        item.get("sentence"),
                        item.get("category"),
                        item.get("quote"),
                        item.get("reason"),
                    )
                )
            else:
                rejected += 1
        for item in data.get("harmless") or []:
            if isinstance(item, dict):
                raw.append((item.get("sentence"), "harmless", None, item.get("reason")))
            else:
                rejected += 1
    else:
        for line in content.splitlines():
            m = TEXT_LINE.match(line)
            if m is None:
                continue
            number, category, quote, reason = m.groups()
            if category == "harmless":
                raw.append((int(number), "harmless", None, quote))
            else:
                raw.append((int(number), category, quote, reason))
    claims: list[Claim] = []
    for number, category, quote, reason in raw:
        if not isinstance(number, int) or not 1 <= number <= len(spans):
            rejected += 1
            continue
        s, e = spans[number - 1]
        why = _one_line(reason) if isinstance(reason, str) else ""
        if category == "harmless":
            claims.append(Claim(number - 1, "harmless", s, e, why))
            continue
        if category not in REVIEWED or not isinstance(quote, str) or not quote.strip():
            rejected += 1
            continue
        at = text.find(quote.strip(), s, e)
        if at < 0:
            rejected += 1  # a quote that is not in the sentence does not count
            continue
        claims.append(Claim(number - 1, category, at, at + len(quote.strip()), why))
    return claims, rejected


class LLMReviewer:
    """Asks an OpenAI-compatible model for a second opinion on one text at a time."""

    def __init__(self, backend: Any, categories: dict[str, dict[str, Any]]) -> None:
        self.backend = backend  # an OpenAIBackend (anything with its ``ask``)
        self.categories = categories
        self.stats = ReviewStats()

    def messages(
        self, sentences: list[tuple[int, str]], flagged: list[int], structured: bool
    ) -> list[dict[str, str]]:
        from ..backends.prompting import DATA_END, DATA_START, environment

        meanings = [
            (c, _one_line(str(self.categories.get(c, {}).get("message", c)), 240)) for c in REVIEWED
        ]
        prompt = (
            environment()
            .get_template("lint-review.j2")
            .render(
                categories=meanings,
                sentences=sentences,
                flagged=", ".join(map(str, flagged)) or "none",
                data_start=DATA_START,
                data_end=DATA_END,
                structured=structured,
            )
        )
        return [{"role": "user", "content": prompt.strip()}]

    def review(self, text: str, findings: list[Finding]) -> list[Finding]:
        """``findings`` with the model's checked findings added and its harmless
        verdicts applied."""
        spans = [(s, e) for s, e in sentence_spans(text) if len(text[s:e].split()) >= MIN_WORDS][
            :MAX_SENTENCES
        ]
        if not spans:
            return findings
        flagged = sorted(
            {
                i + 1
                for i, (s, e) in enumerate(spans)
                for f in findings
                if s <= f.start < e and SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]
            }
        )
        numbered = [(i + 1, " ".join(text[s:e].split())) for i, (s, e) in enumerate(spans)]
        structured = self.backend.asks_for_json
        answer = self.backend.ask(
            self.messages(numbered, flagged, structured),
            REVIEW_SCHEMA,
            max_tokens=200 + 60 * len(spans),
            name="lint_review",
        )
        self.stats.add(
            requests=answer.requests,
            prompt_tokens=answer.usage.prompt_tokens,
            completion_tokens=answer.usage.completion_tokens,
        )
        claims, rejected = parse_answer(answer.content, answer.structured, text, spans)
        self.stats.add(rejected=rejected)
        return self.apply(text, findings, claims, spans, set(flagged))

    def apply(
        self,
        text: str,
        findings: list[Finding],
        claims: list[Claim],
        spans: list[tuple[int, int]],
        flagged: set[int],
    ) -> list[Finding]:
        out = list(findings)
        for claim in claims:
            if claim.category == "harmless":
                if claim.sentence + 1 not in flagged:
                    continue  # only an offline finding can be reviewed harmless
                reviewed = [
                    f
                    for f in out
                    if claim.start <= f.start < claim.end
                    and SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]
                ]
                for f in reviewed:
                    f.severity = "info"
                    why = claim.reason or "no reason given"
                    f.message += f" (reviewed: harmless; LLM: {why})"
                self.stats.add(harmless=1 if reviewed else 0)  # sentences, not raw matches
                continue
            if any(
                f.start < claim.end and claim.start < f.end and f.category == claim.category
                for f in out
            ):
                continue  # the offline linter already says so
            defaults = self.categories.get(claim.category, {})
            because = f": {claim.reason}" if claim.reason else ""
            out.append(
                Finding(
                    category=claim.category,
                    rule=f"{claim.category}.{LLM}",
                    severity="warning",
                    start=claim.start,
                    end=claim.end,
                    text=text[claim.start : claim.end],
                    sentence=text[spans[claim.sentence][0] : spans[claim.sentence][1]],
                    message=f"{defaults.get('message', claim.category)} (LLM review{because})",
                    suggestions=list(defaults.get("suggestions", ())),
                )
            )
            self.stats.add(accepted=1)
        return out

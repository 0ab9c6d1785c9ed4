"""Generated documents: the contract between backends, guards, writers and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

DocumentKind = Literal[
    "cover-letter",
    "linkedin-headline",
    "linkedin-about",
    "networking-message",
    "interview-answer",
]
KINDS: tuple[str, ...] = (
    "cover-letter",
    "linkedin-headline",
    "linkedin-about",
    "networking-message",
    "interview-answer",
)
Length = Literal["short", "medium", "long"]


@dataclass(slots=True)
class GuardResult:
    """One guard's verdict on a document (lint, grounding, privacy, form)."""

    name: str
    passed: bool
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Usage:
    """Token usage reported by an LLM server (zero for templates)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
        )


@dataclass(slots=True)
class Draft:
    """What a backend returns before the guards look at it."""

    paragraphs: list[str]
    usage: Usage = field(default_factory=Usage)
    model: str | None = None
    requests: int = 0  # API requests made (0 when served from the cache)


@dataclass(slots=True)
class Document:
    """A finished document with its provenance and guard results."""

    kind: str
    paragraphs: list[str]
    backend: str  # the backend that produced the final text: "templates" or "openai"
    guards: list[GuardResult] = field(default_factory=list)
    greeting: str | None = None  # cover letter / networking message salutation
    closing: str | None = None  # e.g. "Sincerely,"
    signature: str | None = None  # the candidate's name
    model: str | None = None
    attempts: int = 1
    fallback_reason: str | None = None  # why an LLM draft was replaced by the template
    usage: Usage = field(default_factory=Usage)
    requests: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def ok(self) -> bool:
        return all(g.passed for g in self.guards)


class Backend(Protocol):
    """Something that drafts a document; ``feedback`` lists failures of the last draft."""

    name: str

    def draft(
        self,
        profile: Any,
        kind: str,
        *,
        length: Length,
        feedback: list[str] | None = None,
        attempt: int = 1,
    ) -> Draft: ...

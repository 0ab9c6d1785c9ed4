"""What the linter reports: the contract between the rule engine, the file readers,
the configuration and the output formats.

Plain dataclasses (no pydantic) because the text path must start fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

CATEGORIES: tuple[str, ...] = (
    "misery",
    "boredom",
    "coasting",
    "ambition-doubt",
    "rank-on-sleeve",
    "demotion-framing",
    "bitterness",
    "desperation",
    "inadequacy",
    "flight-risk",
    "hedging",
    "leak",
)


@dataclass(slots=True)
class Finding:
    """One piece of phrasing that makes an employer doubt the candidate.

    ``start``/``end`` are offsets into the text that was linted (one block of a file);
    the location fields are filled in by ``lint_file`` for the file as a whole.
    """

    category: str
    rule: str
    severity: Severity
    start: int
    end: int
    text: str
    sentence: str
    message: str
    suggestions: list[str]
    path: str | None = None
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    page: int | None = None  # PDF
    story: str | None = None  # .docx: body, table, header, footer, textbox, footnote …
    paragraph: int | None = None  # .docx: 1-based paragraph number within the story


@dataclass(slots=True)
class Block:
    """A run of text read from a file, with where it came from.

    Text formats return one block whose ``text`` has the same length and line breaks as
    the file, with skipped regions (code, front matter, URLs) blanked out by spaces, so
    offsets map straight back to line and column. .docx returns a block per paragraph
    (runs joined), PDF a block per page.
    """

    text: str
    line: int = 1  # 1-based line of text[0] in the source
    column: int = 1
    page: int | None = None
    story: str | None = None
    paragraph: int | None = None


@dataclass(slots=True)
class LintConfig:
    """What to check and how loudly; built from pyproject/.stepback-docs.toml and flags."""

    select: set[str] = field(default_factory=set)  # categories or rule ids; empty = all
    ignore: set[str] = field(default_factory=set)  # categories or rule ids
    severity: dict[str, Severity] = field(default_factory=dict)  # category/rule -> severity
    extra_phrases: dict[str, list[str]] = field(default_factory=dict)  # category -> phrases
    allow_phrases: list[str] = field(default_factory=list)  # never flag text containing these
    private_notes: str | None = None  # from --profile: enables the `leak` category

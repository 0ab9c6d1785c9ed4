"""What the linter reports: the contract between the rule engine, the file readers,
the configuration and the output formats.

Plain classes, not dataclasses or pydantic: importing ``dataclasses`` pulls in
``inspect`` and costs the 80 ms lint start-up budget about 20 ms.
"""

from __future__ import annotations

from typing import Any, Literal

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


class _Record:
    """Slots-based value object: equality, repr and keyword construction by field order."""

    __slots__: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dataclass

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.__slots__)
        return f"{type(self).__name__}({inner})"

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}


class Finding(_Record):
    """One piece of phrasing that makes an employer doubt the candidate.

    ``start``/``end`` are offsets into the text that was linted (one block of a file);
    the location fields are filled in by ``lint_file`` for the file as a whole.
    """

    __slots__ = (  # noqa: RUF023 - field order is the constructor's order
        "category",
        "rule",
        "severity",
        "start",
        "end",
        "text",
        "sentence",
        "message",
        "suggestions",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "page",
        "story",
        "paragraph",
        "row",
        "cell",
    )

    def __init__(
        self,
        category: str,
        rule: str,
        severity: Severity,
        start: int,
        end: int,
        text: str,
        sentence: str,
        message: str,
        suggestions: list[str],
        path: str | None = None,
        line: int = 1,
        column: int = 1,
        end_line: int = 1,
        end_column: int = 1,
        page: int | None = None,  # PDF
        story: str | None = None,  # .docx: body, table, header, footer, textbox, footnote …
        paragraph: int | None = None,  # .docx: 1-based paragraph number within the story
        row: int | None = None,  # .docx table: 1-based row and cell of the innermost table
        cell: int | None = None,
    ) -> None:
        self.category = category
        self.rule = rule
        self.severity: Severity = severity
        self.start = start
        self.end = end
        self.text = text
        self.sentence = sentence
        self.message = message
        self.suggestions = suggestions
        self.path = path
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.page = page
        self.story = story
        self.paragraph = paragraph
        self.row = row
        self.cell = cell


class Block(_Record):
    """A run of text read from a file, with where it came from.

    Text formats return one block whose ``text`` has the same length and line breaks as
    the file, with skipped regions (code, front matter, URLs) blanked out by spaces, so
    offsets map straight back to line and column. .docx returns a block per paragraph
    (runs joined), PDF a block per page.
    """

    __slots__ = ("text", "line", "column", "page", "story", "paragraph", "row", "cell")  # noqa: RUF023

    def __init__(
        self,
        text: str,
        line: int = 1,  # 1-based line of text[0] in the source
        column: int = 1,
        page: int | None = None,
        story: str | None = None,
        paragraph: int | None = None,
        row: int | None = None,
        cell: int | None = None,
    ) -> None:
        self.text = text
        self.line = line
        self.column = column
        self.page = page
        self.story = story
        self.paragraph = paragraph
        self.row = row
        self.cell = cell


class LintConfig(_Record):
    """What to check and how loudly; built from pyproject/.stepback-docs.toml and flags."""

    __slots__ = (  # noqa: RUF023
        "select",
        "ignore",
        "severity",
        "extra_phrases",
        "allow_phrases",
        "private_notes",
        "learned",
        "possible",
        "reviewer",
    )

    def __init__(
        self,
        select: set[str] | None = None,  # categories or rule ids; empty = all
        ignore: set[str] | None = None,  # categories or rule ids
        severity: dict[str, Severity] | None = None,  # category/rule -> severity
        extra_phrases: dict[str, list[str]] | None = None,  # category -> phrases
        allow_phrases: list[str] | None = None,  # never flag text containing these
        private_notes: str | None = None,  # from --profile: enables the `leak` category
        learned: bool = True,  # the learned model judges each sentence beside the rules
        possible: bool = False,  # report the model's low-confidence "possible" findings
        reviewer: Any = None,  # lint.review.LLMReviewer: a checked LLM second opinion
    ) -> None:
        self.select: set[str] = select if select is not None else set()
        self.ignore: set[str] = ignore if ignore is not None else set()
        self.severity: dict[str, Severity] = severity if severity is not None else {}
        self.extra_phrases: dict[str, list[str]] = (
            extra_phrases if extra_phrases is not None else {}
        )
        self.allow_phrases: list[str] = allow_phrases if allow_phrases is not None else []
        self.private_notes = private_notes
        self.learned = learned
        self.possible = possible
        self.reviewer = reviewer

"""Output formats for ``stepback-docs lint``: human, json, sarif, github.

Each format is a module with ``render(results, out, options)``; only the chosen one is
imported, so the human path pays for nothing else.
"""

from __future__ import annotations

import importlib
from typing import TextIO

from ...findings import Finding

FORMATS = ("human", "json", "sarif", "github")
SCHEMA_VERSION = 1  # of the json format; bump on any incompatible change

CATEGORY_HELP: dict[str, str] = {
    "misery": "Unhappiness, burnout or dread about a past or current role.",
    "boredom": "Being bored or unchallenged, now or expected.",
    "coasting": "Wanting less effort, pressure or responsibility; slowing down.",
    "ambition-doubt": "Announcing no wish to advance, which readers don't believe.",
    "rank-on-sleeve": "Leaning on a former title or calling oneself overqualified.",
    "demotion-framing": "Naming the move as a step down.",
    "bitterness": "Blame or contempt for former employers, bosses or peers.",
    "desperation": "Any-job pleading, money worries, pleading about gaps.",
    "inadequacy": "Saying one could not cope.",
    "flight-risk": "Signalling the job is temporary.",
    "hedging": "Apologetic or unsure wording that weakens the case.",
    "leak": "Words or facts from the profile's private notes.",
}


class FileResult:
    """One input: its findings, or why it could not be linted.

    (A plain class: dataclass creation costs ~0.5 ms on the start-up path.)
    """

    __slots__ = ("error", "findings", "path")

    def __init__(
        self, path: str, findings: list[Finding] | None = None, error: str | None = None
    ) -> None:
        self.path = path
        self.findings = findings if findings is not None else []
        self.error = error


class Options:
    """How to render: colour escapes, and --quiet (finding lines only)."""

    __slots__ = ("color", "quiet")

    def __init__(self, color: bool = False, quiet: bool = False) -> None:
        self.color = color
        self.quiet = quiet


def render(fmt: str, results: list[FileResult], out: TextIO, options: Options) -> None:
    """Write ``results`` to ``out`` in format ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"{__name__}.{fmt}")
    module.render(results, out, options)


def counts(results: list[FileResult]) -> dict[str, int]:
    """Findings per severity, plus totals (shared by every format's summary)."""
    by_severity = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        for f in result.findings:
            by_severity[f.severity] += 1
    return {
        "files": len(results),
        "findings": sum(by_severity.values()),
        "unreadable": sum(1 for r in results if r.error is not None),
        **by_severity,
    }


def where(f: Finding) -> str:
    """Where in a .docx or PDF a finding is, in words ("" for text files)."""
    parts: list[str] = []
    if f.page is not None:
        parts.append(f"page {f.page}")
    if f.story is not None:
        parts.append(f.story)
    if f.paragraph is not None:
        parts.append(f"paragraph {f.paragraph}")
    if f.row is not None:
        parts.append(f"row {f.row}, cell {f.cell}")
    return ", ".join(parts)


PLACE_KEYS = ("page", "story", "paragraph", "row", "cell")


def logical_name(f: Finding) -> str:
    """A path-like name for where in a .docx or PDF a finding is (SARIF logical
    location): ``table/row[2]/cell[3]/paragraph[4]``, ``page[2]``."""
    parts: list[str] = []
    if f.page is not None:
        parts.append(f"page[{f.page}]")
    if f.story is not None:
        parts.append(f.story)
    if f.row is not None:
        parts.append(f"row[{f.row}]/cell[{f.cell}]")
    if f.paragraph is not None:
        parts.append(f"paragraph[{f.paragraph}]")
    return "/".join(parts)

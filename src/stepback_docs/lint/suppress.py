"""Inline suppression comments in text and Markdown files.

Grammar (an HTML comment, so Markdown renders it invisibly)::

    <!-- stepback-docs: disable-next=IDS -->   the next paragraph only
    <!-- stepback-docs: disable=IDS -->        up to an `enable` naming the same id;
                                                with no such `enable` later in the
                                                file: the next paragraph only
    <!-- stepback-docs: enable=IDS -->         ends `disable` regions for IDS
    <!-- stepback-docs: enable -->             ends every open region

A region opened with ``disable`` (all) ends only at ``enable`` or ``enable=all``.
IDS is a comma-separated list of categories (``hedging``), rule ids
(``misery.burnout``) or ``all``; ``disable`` / ``disable-next`` without ``=IDS`` mean
``all``. The "next paragraph" starts at the first non-blank text after the comment and
runs to the next blank line. A forgotten ``enable`` therefore never silences the rest of
a résumé. A malformed directive is an error (a typo that silently suppresses nothing, or
everything, is worse).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import StepbackError
from ..findings import Finding
from .config import check_ids

MARKER = "stepback-docs:"
_OPENER = re.compile(r"\s*stepback-docs\s*:")
_DIRECTIVE = re.compile(
    r"\s*(?P<verb>disable-next|disable|enable)\s*(?:=\s*(?P<ids>[^\s=][^=]*?))?\s*\Z"
)
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_NON_BLANK = re.compile(r"\S")


@dataclass(frozen=True, slots=True)
class Suppression:
    """Findings starting in ``[start, end)`` with a category or rule in ``ids`` are dropped."""

    start: int
    end: int
    ids: frozenset[str]
    line: int  # the comment's line, for messages

    def covers(self, finding: Finding, offset: int) -> bool:
        return self.start <= offset < self.end and (
            "all" in self.ids or finding.category in self.ids or finding.rule in self.ids
        )


@dataclass(frozen=True, slots=True)
class _Directive:
    verb: str
    ids: frozenset[str]
    start: int  # offset of "<!--"
    end: int  # offset just after "-->"
    line: int


def parse_suppressions(text: str, path: str = "<text>") -> list[Suppression]:
    """Every suppression in ``text``; offsets index ``text``."""
    if MARKER not in text:
        return []
    directives = list(_directives(text, path))
    # Where each id's `enable`s are, in order ("all" for a bare `enable`): a `disable`
    # finds its end by one bisection, not by a scan of every later directive.
    enables: dict[str, list[int]] = {}
    for d in directives:
        if d.verb == "enable":
            for name in d.ids:
                enables.setdefault(name, []).append(d.start)
    suppressions: list[Suppression] = []
    for d in directives:
        if d.verb == "enable":
            continue
        paragraph_end = _paragraph_end(text, d.end)
        if d.verb == "disable-next":
            suppressions.append(Suppression(d.end, paragraph_end, d.ids, d.line))
            continue
        # disable: each id runs to the first later `enable` that names it (or all)
        by_end: dict[int, set[str]] = {}
        for name in d.ids:
            ends = [_next(enables.get(key, []), d.start) for key in {name, "all"}]
            end = min((e for e in ends if e is not None), default=paragraph_end)
            by_end.setdefault(end, set()).add(name)
        for end, names in by_end.items():
            suppressions.append(Suppression(d.end, end, frozenset(names), d.line))
    return suppressions


def _next(offsets: list[int], after: int) -> int | None:
    i = bisect_right(offsets, after)
    return offsets[i] if i < len(offsets) else None


def comment_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every ``<!-- ... -->`` comment that mentions us; linear time, so
    a hostile file full of unclosed ``<!--`` cannot make the linter hang."""
    spans: list[tuple[int, int]] = []
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        if _OPENER.match(text, start + 4):
            spans.append((start, end + 3))
        start = text.find("<!--", end + 3)
    return spans


def _directives(text: str, path: str) -> Iterable[_Directive]:
    line, counted = 1, 0  # lines are counted once, from one comment to the next
    for start, end in comment_spans(text):
        line += text.count("\n", counted, start)
        counted = start
        comment = text[start:end]
        body = comment[4:-3].split(":", 1)[1]
        directive = _DIRECTIVE.match(body)
        if directive is None:
            raise StepbackError(
                f"{path}:{line}: malformed stepback-docs comment "
                f"{' '.join(comment.split())!r}: expected disable=IDS, disable-next=IDS, "
                "enable or enable=IDS"
            )
        raw = directive.group("ids")
        names = raw.split(",") if raw else ["all"]
        ids = check_ids((n.strip() for n in names), f"{path}:{line}: stepback-docs comment")
        yield _Directive(directive.group("verb"), frozenset(ids), start, end, line)


def _paragraph_end(text: str, start: int) -> int:
    """End of the first paragraph after ``start``: the next blank line or end of text."""
    first = _NON_BLANK.search(text, start)
    if first is None:
        return len(text)
    blank = _BLANK_LINE.search(text, first.start())
    return blank.start() if blank else len(text)


def filter_suppressed(
    findings: list[Finding], suppressions: list[Suppression], offsets: list[int]
) -> list[Finding]:
    """Drop findings covered by a suppression; ``offsets[i]`` is finding i's offset in the
    text the suppressions were parsed from."""
    if not suppressions:
        return findings
    regions = _Regions(suppressions)
    return [
        f
        for f, offset in zip(findings, offsets, strict=True)
        if not regions.covers(offset, ("all", f.category, f.rule))
    ]


class _Regions:
    """The suppressions as, per id, merged ``[start, end)`` regions in order: a finding
    is checked by a bisection per id it answers to, not against every suppression."""

    def __init__(self, suppressions: list[Suppression]) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        for s in suppressions:
            if s.start < s.end:
                for name in s.ids:
                    spans.setdefault(name, []).append((s.start, s.end))
        self.starts: dict[str, list[int]] = {}
        self.ends: dict[str, list[int]] = {}
        for name, found in spans.items():
            starts: list[int] = []
            ends: list[int] = []
            self.starts[name], self.ends[name] = starts, ends
            for start, end in sorted(found):
                if ends and start <= ends[-1]:
                    ends[-1] = max(ends[-1], end)
                else:
                    starts.append(start)
                    ends.append(end)

    def covers(self, offset: int, names: tuple[str, ...]) -> bool:
        for name in names:
            starts = self.starts.get(name)
            if starts is not None:
                i = bisect_right(starts, offset) - 1
                if i >= 0 and offset < self.ends[name][i]:
                    return True
        return False

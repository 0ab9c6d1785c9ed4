"""``lint_file``: read a document, lint each block, and say where in the FILE each finding is.

The engine (``lint_text``) only sees one block of text at a time; this module maps its
offsets back to line/column (text, Markdown, PDF pages), page, or story + paragraph
(.docx), applies inline suppression comments (text and Markdown) and the configuration,
and returns the findings in document order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StepbackError
from ..findings import Block, Finding, LintConfig
from .config import Resolver, apply_config

if TYPE_CHECKING:
    from .suppress import Suppression

TEXT_KINDS = ("text", "markdown")
MARKER = "stepback-docs:"  # suppress.py is imported only for files that contain it
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def lint_file(path: str | Path, config: LintConfig | None = None) -> list[Finding]:
    """Findings for one file. ``config=None`` uses the nearest configuration file, as the
    command does; pass ``LintConfig()`` for the built-in defaults."""
    from ..readers.limits import read_capped

    path = Path(path)
    if config is None:
        config = Resolver().for_path(path).lint
    # Passed on, not kept here: lint_bytes lets go of the bytes once they are decoded.
    return lint_bytes(read_capped(path, str(path)), str(path), path.suffix, config)


def lint_bytes(data: bytes, display: str, suffix: str, config: LintConfig) -> list[Finding]:
    """Lint an already-loaded document (a file or standard input); ``suffix`` picks the
    reader and ``display`` is the path findings and errors name."""
    from ..readers import SUFFIXES, read_bytes
    from ..readers.text import decode_text
    from . import lint_text

    kind = SUFFIXES.get(suffix.lower())
    source: str | None = None  # the text as written, when it may hold suppressions
    if data and kind in TEXT_KINDS:
        # Memory at the 64 MB limit: the bytes go once decoded, and the decoded text
        # is kept beside the Markdown reader's copy only when it may hold suppressions.
        may_suppress = _may_suppress(data)
        decoded = [decode_text(data, display)]
        del data
        if may_suppress:
            source = decoded[0]
        if kind == "markdown":
            from ..readers.markdown import markdown_block

            blocks = [markdown_block(decoded.pop())]  # handed over, not kept here
        else:
            blocks = [Block(decoded.pop())]
    else:
        blocks = read_bytes(data, display, suffix)
        kind = kind or "text"
        if kind == "text" and len(blocks) == 1 and _may_suppress(data):
            source = blocks[0].text
        del data
    suppressions: list[Suppression] = []
    if source is not None:
        suppressions, blocks[0] = _suppressions(source, display, kind, blocks[0])
    findings: list[Finding] = []
    offsets: list[int] = []  # each finding's offset in its block (for suppressions)
    from .engine import MAX_FINDINGS, TOO_MANY, TooManyFindings

    for block in blocks:
        try:
            found = lint_text(block.text, config)
        except TooManyFindings as exc:
            raise StepbackError(f"{display}: {exc}") from None
        found.sort(key=lambda f: (f.start, f.end, f.rule))
        if len(findings) + len(found) > MAX_FINDINGS:  # across the blocks (pages) too
            raise StepbackError(f"{display}: {TOO_MANY}")
        _locate(found, block, display)
        findings.extend(found)
        offsets.extend(f.start for f in found)
    if suppressions:
        from .suppress import filter_suppressed

        findings = filter_suppressed(findings, suppressions, offsets)
    return apply_config(findings, config)


def _may_suppress(data: bytes) -> bool:
    return MARKER.encode() in data or data.startswith(_UTF16_BOMS)


def _suppressions(
    source: str, display: str, kind: str, block: Block
) -> tuple[list[Suppression], Block]:
    """The file's suppression comments, and its block with the directives blanked (in
    plain text they would otherwise be linted: "disable=misery" names a feeling)."""
    if MARKER not in source or len(source) != len(block.text):
        return [], block
    from .suppress import comment_spans, parse_suppressions

    if kind == "markdown":  # the reader blanked every comment already
        return parse_suppressions(_live_comments_only(source), display), block
    text = _blank_spans(block.text, comment_spans(block.text))
    blanked = Block(text, block.line, block.column, block.page, block.story, block.paragraph)
    return parse_suppressions(source, display), blanked


_NOT_NEWLINE = re.compile(r"[^\r\n]")


def _blank(segment: str) -> str:
    return _NOT_NEWLINE.sub(" ", segment)


def _locate(findings: list[Finding], block: Block, display: str) -> None:
    """Fill each finding's file location from its block-relative offsets (lines are
    counted between the findings' offsets, in order: no table of every line start)."""
    if not findings:
        return
    text = block.text
    where: dict[int, tuple[int, int]] = {}
    line, line_start, pos = 0, 0, 0
    for offset in sorted({f.start for f in findings} | {f.end for f in findings}):
        line += text.count("\n", pos, offset)
        newline = text.rfind("\n", pos, offset)
        if newline != -1:
            line_start = newline + 1
        pos = offset
        column = offset - line_start + (block.column if line == 0 else 1)
        where[offset] = (block.line + line, column)
    for f in findings:
        f.path = display
        f.line, f.column = where[f.start]
        f.end_line, f.end_column = where[f.end]
        f.page, f.story, f.paragraph = block.page, block.story, block.paragraph
        f.row, f.cell = block.row, block.cell


def _live_comments_only(source: str) -> str:
    """Blank suppression comments that Markdown does not treat as comments (in code
    blocks, code spans, front matter), so documentation of the syntax stays inert.

    Each comment is swapped for same-length plain prose; whatever of it survives the
    Markdown reader's blanking was a real comment.
    """
    from ..readers.markdown import blank_markdown
    from .suppress import comment_spans

    spans = comment_spans(source)
    if not spans:
        return source
    probe = []
    done = 0
    for start, end in spans:
        probe.append(source[done:start])
        probe.append(_NOT_NEWLINE.sub("x", source[start:end]))
        done = end
    probe.append(source[done:])
    rendered = blank_markdown("".join(probe))
    return _blank_spans(source, [(s, e) for s, e in spans if rendered[s] != "x"])


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of the ordered ``spans`` blanked, built once (not per span)."""
    pieces: list[str] = []
    done = 0
    for start, end in spans:
        pieces.append(text[done:start])
        pieces.append(_blank(text[start:end]))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)

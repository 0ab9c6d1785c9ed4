"""``lint_file``: read a document, lint each block, and say where in the FILE each finding is.

The engine (``lint_text``) only sees one block of text at a time; this module maps its
offsets back to line/column (text, Markdown, PDF pages), page, or story + paragraph
(.docx), applies inline suppression comments (text and Markdown) and the configuration,
and returns the findings in document order.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import TYPE_CHECKING

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
    data = read_capped(path, str(path))
    return lint_bytes(data, str(path), path.suffix, config)


def lint_bytes(data: bytes, display: str, suffix: str, config: LintConfig) -> list[Finding]:
    """Lint an already-loaded document (a file or standard input); ``suffix`` picks the
    reader and ``display`` is the path findings and errors name."""
    from ..readers import SUFFIXES, read_bytes
    from . import lint_text

    blocks = read_bytes(data, display, suffix)
    kind = SUFFIXES.get(suffix.lower(), "text")
    suppressions: list[Suppression] = []
    if kind in TEXT_KINDS and len(blocks) == 1:
        suppressions, blocks[0] = _suppressions(data, display, kind, blocks[0])
    findings: list[Finding] = []
    offsets: list[int] = []  # each finding's offset in its block (for suppressions)
    for block in blocks:
        found = sorted(lint_text(block.text, config), key=lambda f: (f.start, f.end, f.rule))
        _locate(found, block, display)
        findings.extend(found)
        offsets.extend(f.start for f in found)
    if suppressions:
        from .suppress import filter_suppressed

        findings = filter_suppressed(findings, suppressions, offsets)
    return apply_config(findings, config)


def _suppressions(
    data: bytes, display: str, kind: str, block: Block
) -> tuple[list[Suppression], Block]:
    """The file's suppression comments, and its block with the directives blanked (in
    plain text they would otherwise be linted: "disable=misery" names a feeling)."""
    if MARKER.encode() not in data and not data.startswith(_UTF16_BOMS):
        return [], block
    from ..readers.text import decode_text

    source = block.text if kind == "text" else decode_text(data, display)
    if MARKER not in source or len(source) != len(block.text):
        return [], block
    from .suppress import comment_spans, parse_suppressions

    if kind == "markdown":  # the reader blanked every comment already
        return parse_suppressions(_live_comments_only(source), display), block
    text = block.text
    for start, end in comment_spans(text):
        text = text[:start] + _blank(text[start:end]) + text[end:]
    blanked = Block(text, block.line, block.column, block.page, block.story, block.paragraph)
    return parse_suppressions(source, display), blanked


def _blank(segment: str) -> str:
    return re.sub(r"[^\r\n]", " ", segment)


def _locate(findings: list[Finding], block: Block, display: str) -> None:
    """Fill each finding's file location from its block-relative offsets."""
    if not findings:
        return
    text = block.text
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    for f in findings:
        f.path = display
        f.line, f.column = _position(starts, block, f.start)
        f.end_line, f.end_column = _position(starts, block, f.end)
        f.page, f.story, f.paragraph = block.page, block.story, block.paragraph
        f.row, f.cell = block.row, block.cell


def _position(starts: list[int], block: Block, offset: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, offset) - 1
    column = offset - starts[i] + (block.column if i == 0 else 1)
    return block.line + i, column


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
    probe = list(source)
    for start, end in spans:
        for i in range(start, end):
            if probe[i] not in "\r\n":
                probe[i] = "x"
    rendered = blank_markdown("".join(probe))
    pieces: list[str] = []
    done = 0
    for start, end in spans:
        if rendered[start] == "x":  # prose survived: a live comment, keep it
            continue
        pieces.append(source[done:start])
        pieces.append(_blank(source[start:end]))
        done = end
    pieces.append(source[done:])
    return "".join(pieces)

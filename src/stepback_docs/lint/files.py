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

from ..findings import Block, Finding, LintConfig
from .config import Resolver, apply_config

TEXT_KINDS = ("text", "markdown")
MARKER = "stepback-docs:"  # suppress.py is imported only for files that contain it


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
    findings: list[Finding] = []
    offsets: list[int] = []  # each finding's offset in its block (for suppressions)
    for block in blocks:
        found = sorted(lint_text(block.text, config), key=lambda f: (f.start, f.end, f.rule))
        _locate(found, block, display)
        findings.extend(found)
        offsets.extend(f.start for f in found)
    kind = SUFFIXES.get(suffix.lower(), "text")
    if kind in TEXT_KINDS and len(blocks) == 1 and MARKER.encode() in data:
        from ..readers.text import decode_text
        from .suppress import filter_suppressed, parse_suppressions

        source = decode_text(data, display)
        if kind == "markdown":
            source = _live_comments_only(source)
        findings = filter_suppressed(findings, parse_suppressions(source, display), offsets)
    return apply_config(findings, config)


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
        pieces.append(re.sub(r"[^\r\n]", " ", source[start:end]))
        done = end
    pieces.append(source[done:])
    return "".join(pieces)
